// `agentos replay` over one task or many: which tasks, under which policy, and the report as text
// (one task: every divergence and difference; many: a table of task, identical?, what differed).
import { loadPolicy, type Policy } from './policy.ts';
import { DEFAULT_REPLAY_LIMIT, recordedTasks, replayTask, type ReplayEnv, type ReplayReport } from './replay.ts';
import { EvalError } from './errors.ts';

export interface ReplayRequest {
  agent: string;
  /** One task; or every recorded task since `since`. */
  task?: string;
  since?: Date;
  policyFile?: string;
  /** At most this many tasks (the newest are kept), default DEFAULT_REPLAY_LIMIT. */
  limit?: number;
  onLine?: (line: string) => void;
}

export interface ReplaySummary {
  agent: string;
  policy: string | null;
  total: number;
  identical: number;
  different: number;
  notReplayable: number;
  reports: ReplayReport[];
}

export async function replayTasks(env: ReplayEnv, r: ReplayRequest): Promise<ReplaySummary> {
  const say = r.onLine ?? (() => {});
  const policy: Policy | undefined = r.policyFile ? await loadPolicy(r.policyFile) : undefined;
  let tasks: string[];
  if (r.task) tasks = [r.task];
  else {
    const all = (await recordedTasks(env.dataDir, r.agent, r.since)).filter((t) => t.ended);
    const limit = r.limit ?? DEFAULT_REPLAY_LIMIT;
    if (all.length > limit) say(`${all.length} recorded tasks since ${r.since?.toISOString() ?? 'the start'}; replaying the newest ${limit} (--limit)`);
    tasks = all.slice(-limit).map((t) => t.task);
    if (tasks.length === 0) throw new EvalError('EVAL_NO_RUN', `no finished recording of agent ${r.agent}${r.since ? ` since ${r.since.toISOString()}` : ''} (recordings: DATA/.agentos/replay/${r.agent}/)`);
  }
  const reports: ReplayReport[] = [];
  for (const [i, task] of tasks.entries()) {
    const rep = await replayTask(env, r.agent, task, policy);
    reports.push(rep);
    if (tasks.length > 1) say(`[${i + 1}/${tasks.length}] ${task}: ${rep.status}${rep.status === 'different' ? ` (${whatDiffered(rep)})` : rep.note ? ` (${rep.note})` : ''}`);
  }
  const count = (s: ReplayReport['status']) => reports.filter((x) => x.status === s).length;
  return { agent: r.agent, policy: policy?.name ?? null, total: reports.length, identical: count('identical'), different: count('different'), notReplayable: count('not-replayable'), reports };
}

/** A short list of what differed: the fields and files, then the first divergence. */
export function whatDiffered(r: ReplayReport): string {
  const parts = r.differences.map((d) => d.what);
  if (r.divergences.length) parts.push(`${r.divergences.length} divergent request(s)`);
  if (r.note && r.status !== 'identical') parts.push(r.note);
  const s = parts.join(', ');
  return s.length > 160 ? `${s.slice(0, 159)}…` : s || '—';
}

/** One task's report, for a person. */
export function formatReport(r: ReplayReport): string {
  const out = [
    `replay of ${r.agent}/${r.task} (recorded ${r.at})${r.policy ? ` under policy ${r.policy}` : ''}: ${r.status.toUpperCase()}`,
    `model exchanges: ${r.exchanges.served} served of ${r.exchanges.recorded} recorded`,
  ];
  if (r.note) out.push(`note: ${r.note}`);
  for (const d of r.divergences) out.push(`divergence at request ${d.n}${d.purpose ? ` (${d.purpose})` : ''}: ${d.what}`);
  if (r.differences.length) {
    out.push('', 'what differs (recorded → replayed):');
    for (const d of r.differences) out.push(`  ${d.what}:`, `    - ${d.recorded}`, `    + ${d.replayed}`);
  } else if (r.recorded && r.replayed) {
    out.push(`result: ${r.recorded.kind}, outcome ${r.recorded.outcome ?? '—'}, reward ${r.recorded.reward ?? '—'}, audit ${r.recorded.audit ?? '—'}, ${Object.keys(r.recorded.files).length} file(s) changed: the same`);
  }
  if (r.scratch) out.push(`scratch copy kept: ${r.scratch}`);
  return out.join('\n');
}

/** Many tasks: one row each, then the counts. */
export function formatSummary(s: ReplaySummary): string {
  const rows = s.reports.map((r) => [r.task, r.status === 'identical' ? 'yes' : r.status === 'different' ? 'NO' : 'n/a', r.status === 'identical' ? '' : whatDiffered(r)]);
  const w0 = Math.max(4, ...rows.map((r) => r[0].length));
  const lines = [`${'task'.padEnd(w0)}  identical  what differed`, `${'-'.repeat(w0)}  ---------  -------------`, ...rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(9)}  ${r[2]}`)];
  lines.push('', `${s.identical} of ${s.total} identical, ${s.different} different, ${s.notReplayable} not replayable${s.policy ? ` (policy ${s.policy})` : ''}`);
  return lines.join('\n');
}
