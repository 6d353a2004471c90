// Where one task of one agent stands, from the files alone: committed (its answer from the commit
// message), dead-lettered (the reason), paused for a person (the pending requests), running,
// queued, or unknown. Its token usage comes from the cost ledger: the task line committed with
// it, else the calls it made so far (committed with it, or still pending).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readTaskMessage, type AgentContext } from '../kernel/index.ts';
import { ledgerDays, ledgerPaths, parseLedger, readPending, type LedgerLine } from '../models/index.ts';
import { Git } from '../store/index.ts';
import type { ApprovalStore, RequestView } from '../tools/index.ts';
import { taskCommit } from './dashboard-data.ts';

export interface TaskUsage {
  input: number;
  output: number;
  /** Model requests counted. */
  calls: number;
}

export type TaskState =
  | { status: 'completed'; agent: string; task: string; commit: string; date: string; answer: string; truncated: boolean; usage: TaskUsage }
  | { status: 'dead_lettered'; agent: string; task: string; commit: string; date: string; reason: string; usage: TaskUsage }
  | { status: 'paused'; agent: string; task: string; approvals: RequestView[]; usage: TaskUsage }
  | { status: 'running' | 'queued'; agent: string; task: string; usage: TaskUsage };

/** The task's state, or undefined when the agent has no such task (committed, queued or paused). */
export async function taskState(ctx: AgentContext, id: string, opts: { running?: string; approvals?: ApprovalStore } = {}): Promise<TaskState | undefined> {
  const agent = ctx.config.name;
  const committed = await fromCommit(ctx, id);
  if (committed) return committed;
  const { tasks } = await ctx.queue.read();
  if (!tasks.some((t) => t.id === id)) {
    // The commit that records a task also takes it off the queue: between the two, it is running.
    if (opts.running === id) return { status: 'running', agent, task: id, usage: await taskUsage(ctx.dataDir, agent, id) };
    return fromCommit(ctx, id); // it may have been committed since the first look
  }
  const usage = await taskUsage(ctx.dataDir, agent, id);
  const approvals = opts.approvals ? (await opts.approvals.list(agent)).filter((r) => r.task === id && r.status === 'pending' && r.kind !== 'label') : [];
  if (approvals.length) return { status: 'paused', agent, task: id, approvals, usage };
  return { status: opts.running === id ? 'running' : 'queued', agent, task: id, usage };
}

async function fromCommit(ctx: AgentContext, id: string): Promise<TaskState | undefined> {
  const agent = ctx.config.name;
  const commit = await taskCommit(ctx, id);
  if (!commit) return undefined;
  const usage = await taskUsage(ctx.dataDir, agent, id, commit.sha);
  if (commit.subject.startsWith(`${agent}(dead-letter): `)) {
    const reason = commit.message.split('\n').slice(2).join('\n').trim();
    return { status: 'dead_lettered', agent, task: id, commit: commit.sha, date: commit.date, reason, usage };
  }
  const m = readTaskMessage(commit.message);
  return { status: 'completed', agent, task: id, commit: commit.sha, date: commit.date, answer: m.answer, truncated: m.truncated, usage };
}

/**
 * Tokens of task `id`: the ledger's task line in its commit when there is one (what the router
 * recorded for the whole task); otherwise the sum of its call lines, committed in `commit` or pending.
 */
export async function taskUsage(dataDir: string, agent: string, id: string, commit?: string): Promise<TaskUsage> {
  const paths = ledgerPaths(dataDir, agent);
  const lines: LedgerLine[] = [];
  if (commit) {
    // Usually the task line is in the newest chunk of today (or yesterday): no git needed.
    const recent = await recentTaskLine(paths.agentRoot, id);
    if (recent) return recent;
    const git = new Git(paths.agentRoot);
    const files = (await git.raw(['show', '--format=', '--name-only', commit, '--', 'ledger'])).split('\n').filter((f) => /^ledger\/[\d-]+\/\d+\.jsonl$/.test(f));
    for (const f of files) {
      // Chunks only grow: the working-tree file still holds every line that commit wrote.
      const text = await readFile(path.join(paths.agentRoot, f), 'utf8').catch(() => '');
      lines.push(...parseLedger(text, f).lines);
    }
    const taskLine = lines.find((l) => l.kind === 'task' && l.task === id);
    if (taskLine) return { input: taskLine.input, output: taskLine.output, calls: lines.filter((l) => l.kind === 'call' && l.task === id).length };
  }
  lines.push(...(await readPending(paths.pending)).lines);
  const seen = new Set<string>();
  const usage: TaskUsage = { input: 0, output: 0, calls: 0 };
  for (const l of lines) {
    if (l.kind !== 'call' || l.task !== id || seen.has(l.id)) continue;
    seen.add(l.id);
    usage.input += l.input;
    usage.output += l.output;
    usage.calls++;
  }
  return usage;
}

/** Chunks looked at, newest first, before asking git which chunks the commit wrote. */
const RECENT_CHUNKS = 3;

async function recentTaskLine(agentRoot: string, id: string): Promise<TaskUsage | undefined> {
  const days = (await ledgerDays(agentRoot)).slice(0, 2);
  let looked = 0;
  for (const day of days) {
    const dir = path.join(agentRoot, 'ledger', day);
    const chunks = (await readdir(dir).catch(() => [] as string[])).filter((f) => /^\d+\.jsonl$/.test(f)).sort().reverse();
    for (const f of chunks) {
      if (looked++ >= RECENT_CHUNKS) return undefined;
      const lines = parseLedger(await readFile(path.join(dir, f), 'utf8').catch(() => ''), f).lines;
      const t = lines.find((l) => l.kind === 'task' && l.task === id);
      if (t) return { input: t.input, output: t.output, calls: lines.filter((l) => l.kind === 'call' && l.task === id).length };
    }
  }
  return undefined;
}
