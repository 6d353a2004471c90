// Reads for the dashboard's JSON routes, from the files and git alone: an agent's learning curve
// and spend per day, its task commits and kept contexts, dead letters. Every list is bounded.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentContext } from '../kernel/index.ts';
import { learningProgress, loadAgentState, taskTimeline } from '../learn/index.ts';
import { ledgerDays, readDay } from '../models/index.ts';
import { Git, parseFrontMatter, sharedPaths } from '../store/index.ts';

/** Commits read for the learning curves (the newest); `agentos report` reads them all. */
export const HISTORY_MAX = 2000;
/** Days of spend shown. */
export const SPEND_DAYS_MAX = 90;
/** Dead letters listed per agent (the newest). */
export const DEAD_LETTERS_MAX = 200;

export async function agentReport(ctx: AgentContext, windows: number, days: number) {
  const commits = await new Git(ctx.paths.root).history(HISTORY_MAX);
  const progress = learningProgress(commits, windows);
  const timeline = taskTimeline(commits);
  const state = await loadAgentState(ctx.paths.root, { cache: ctx.stateCache, quarantine: false });
  const current = {
    skills: state.skills.length,
    entities: state.world.filter((r) => r.status === 'confirmed' && r.kind === 'entity').length,
    relations: state.world.filter((r) => r.status === 'confirmed' && r.kind === 'relation').length,
    hypotheses: state.world.filter((r) => r.status === 'hypothesis').length,
  };
  const daily = new Map<string, { day: string; usd: number; tokens: number; calls: number; tasks: number; successes: number }>();
  const dayOf = (d: string) => daily.get(d) ?? daily.set(d, { day: d, usd: 0, tokens: 0, calls: 0, tasks: 0, successes: 0 }).get(d)!;
  for (const day of (await ledgerDays(ctx.paths.root)).slice(0, days)) {
    for (const l of (await readDay(ctx.paths.root, day)).lines) {
      if (l.kind !== 'call') continue;
      const d = dayOf(day);
      d.usd += l.cost_usd ?? 0;
      d.tokens += l.input + l.output;
      d.calls++;
    }
  }
  for (const p of timeline) {
    const day = new Date(p.date).toISOString().slice(0, 10);
    if (!daily.has(day) && daily.size >= days) continue;
    const d = dayOf(day);
    d.tasks++;
    if (p.effective === 1) d.successes++;
  }
  const spend = [...daily.values()].sort((a, b) => a.day.localeCompare(b.day)).slice(-days).map((d) => ({
    ...d, usd: round6(d.usd), cost_per_success: d.successes ? round6(d.usd / d.successes) : null,
  }));
  return { agent: ctx.config.name, progress, current, timeline: timeline.slice(-500), spend, skills: state.skills.map((s) => ({ name: s.name, evidence: s.reward_evidence, lastSuccess: s.last_success })) };
}

/** The newest task (and dead-letter) commits, newest first. */
export async function recentTasks(ctx: AgentContext, limit: number) {
  const commits = await new Git(ctx.paths.root).history(Math.min(HISTORY_MAX, limit * 4));
  const out = [];
  for (const c of commits.reverse()) {
    const m = /^[^(]+\((task|dead-letter)\): (\S+)$/.exec(c.subject);
    if (!m) continue;
    out.push({ task: m[2], kind: m[1], sha: c.sha, date: c.date, summary: c.body.split('\n')[0] ?? '' });
    if (out.length >= limit) break;
  }
  return out;
}

/** The commit that recorded a task (or its dead letter), with its whole message. */
export async function taskCommit(ctx: AgentContext, task: string) {
  const agent = ctx.config.name;
  const git = new Git(ctx.paths.root);
  if (!(await git.hasHead())) return null;
  const raw = await git.raw(['log', '-n', '20', '-F', `--grep=${agent}(task): ${task}`, `--grep=${agent}(dead-letter): ${task}`, '--format=%H%x1f%s%x1f%aI%x1f%B%x1e']);
  for (const c of raw.split('\x1e').map((x) => x.replace(/^\n/, '')).filter(Boolean)) {
    const [sha, subject, date, message] = c.split('\x1f');
    if (subject === `${agent}(task): ${task}` || subject === `${agent}(dead-letter): ${task}`) return { sha, subject, date, message: message ?? '' };
  }
  return null;
}

export async function deadLetters(agents: AgentContext[], dataDir: string) {
  const read = async (dir: string, source: string) => {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort().slice(-DEAD_LETTERS_MAX);
    } catch {
      return [];
    }
    return Promise.all(names.map(async (n) => {
      const file = path.join(dir, n);
      try {
        const { data } = parseFrontMatter(await readFile(file, 'utf8'), file);
        return { source, file: n, ...pick(data, ['task', 'agent', 'status', 'kind', 'reason', 'attempts', 'priority', 'failed_at', 'created', 'escalated_at']) };
      } catch (e) {
        return { source, file: n, problem: (e as Error).message };
      }
    }));
  };
  const perAgent = await Promise.all(agents.map((a) => read(a.paths.deadLettersDir, a.config.name)));
  return { agents: perAgent.flat(), shared: await read(sharedPaths(dataDir).deadLetters, 'shared') };
}

function pick(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
