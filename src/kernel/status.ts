// What `agentos status` and `GET /agents/:name` show, read from the files alone,
// so it works whether or not a runtime is running.
import { readdir, readFile } from 'node:fs/promises';
import { loadAgentState } from '../learn/index.ts';
import type { AgentConfig } from '../config/index.ts';
import { agentPaths, Git, QueueFile, readRejected, type RejectedEntry } from '../store/index.ts';
import { budgetStatus, type BudgetStatus } from './routing.ts';
import { pickNext } from './schedule.ts';
import { parseSupervision, supervisionPath } from './supervision-state.ts';
import type { SupervisionPause } from './supervision.ts';

export interface AgentStatus {
  name: string;
  domain: string;
  queued: { id: string; priority: string; created: string; waitingOn?: string[] }[];
  rejected: RejectedEntry[];
  deadLetters: string[];
  skills: { name: string; evidence: number; lastSuccess: string | null }[];
  goals: string[];
  lastRewards: { task: string; outcome: string; reward: number; audit: number }[];
  lastCommit: { sha: string; subject: string; date: string } | null;
  problems: string[];
  /** Today's model spend and the daily budget (a spent budget pauses the agent). */
  budget: BudgetStatus;
  /** The watchdog's pause (a streak of −1 rewards or dead letters), until a person resumes the agent. */
  supervised: SupervisionPause | null;
}

export async function agentStatus(dataDir: string, config: AgentConfig): Promise<AgentStatus> {
  const paths = agentPaths(dataDir, config.name);
  const queue = new QueueFile(paths.queue, paths.rejected);
  const git = new Git(paths.root);
  try {
    const [{ tasks, rejected: pending }, rejected, deadLetters, state, log, budget] = await Promise.all([
      queue.read(),
      readRejected(paths.rejected),
      listNames(paths.deadLettersDir, '.md'),
      loadAgentState(paths.root, { quarantine: false }),
      git.isRepo().then((ok) => (ok ? git.log(1) : [])),
      budgetStatus(dataDir, config),
    ]);
    const sup = await readFile(supervisionPath(dataDir, config.name), 'utf8').then((t) => parseSupervision(t, 'supervision'), () => undefined);
    const pick = pickNext(tasks, new Set());
    const waiting = new Map(pick.waiting.map((w) => [w.task.id, w.on]));
    return {
      name: config.name,
      domain: config.domain,
      queued: tasks.map((t) => ({ id: t.id, priority: t.priority, created: t.created, ...(waiting.has(t.id) ? { waitingOn: waiting.get(t.id) } : {}) })),
      rejected: [...rejected, ...pending.map((p) => ({ id: p.id, line: p.line, reason: `${p.reason} (not yet moved aside)`, raw: p.raw, rejectedAt: '' }))],
      deadLetters,
      skills: state.skills.map((s) => ({ name: s.name, evidence: s.reward_evidence, lastSuccess: s.last_success })),
      goals: state.goals.filter((g) => g.status === 'active').map((g) => g.text),
      lastRewards: state.rewards.slice(-5).map((r) => ({ task: r.task, outcome: r.outcome, reward: r.reward, audit: r.audit_score })),
      lastCommit: log[0] ?? null,
      problems: state.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
      budget,
      supervised: sup?.state?.paused ?? null,
    };
  } finally {
    queue.close();
  }
}

async function listNames(dir: string, ext: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();
  } catch {
    return [];
  }
}
