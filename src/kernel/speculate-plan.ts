// Pure rules of speculative execution: how many attempts a task gets and whether it runs in
// forks (its `speculate: N`, the agent's policy for risky tasks, `verify:`), which attempt passed,
// which is best, and the commit lines that record forks, merges and drops.
import { DEFAULT_SPECULATION, SPECULATE_CEILING, type AgentConfig } from '../config/index.ts';
import type { JudgeResult, VerifyResult } from '../learn/index.ts';
import { AgentOsError } from '../errors.ts';
import type { NewTask, QueueTask } from '../store/index.ts';

export class SpeculateError extends AgentOsError<'E_INVALID_TASK'> {}

/** At intake (API, CLI): `speculate:` within the agent's speculation.max, else a clear refusal. */
export function checkSpeculate(config: Pick<AgentConfig, 'name' | 'speculation'>, task: Pick<NewTask, 'extra'>): void {
  const { n, problem } = askedAttempts(task);
  if (problem) throw new SpeculateError('E_INVALID_TASK', problem);
  const max = (config.speculation ?? DEFAULT_SPECULATION).max;
  if (n !== undefined && n > max) throw new SpeculateError('E_INVALID_TASK', `speculate: ${n} is over agent ${config.name}'s speculation.max (${max}); ask for at most ${max}, or raise speculation.max in agents.yaml`);
}

export interface SpeculationPlan {
  /** Attempts on the routed tier (1 = no speculation). */
  attempts: number;
  /** Run in forks (attempts > 1, or a `verify:` with speculation.fork_verified). */
  forked: boolean;
  /** What the commit says about how the plan was made (a cap, a policy). */
  notes: string[];
}

/** The task's own `speculate:` as a whole number, or why it is not one. */
export function askedAttempts(task: Pick<QueueTask | NewTask, 'extra'>): { n?: number; problem?: string } {
  const raw = task.extra?.speculate;
  if (raw === undefined || raw === null) return {};
  const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > SPECULATE_CEILING) {
    return { problem: `speculate: must be a whole number from 1 to ${SPECULATE_CEILING} (got ${JSON.stringify(raw).slice(0, 60)}); re-enqueue the task with a valid value` };
  }
  return { n };
}

/** A task is risky when it is tagged `risky`, or its agent's risk_level is high or critical. */
export function isRisky(task: Pick<QueueTask, 'tags'>, config: Pick<AgentConfig, 'riskLevel'>): boolean {
  return (task.tags ?? []).some((t) => t.toLowerCase() === 'risky') || config.riskLevel === 'high' || config.riskLevel === 'critical';
}

/** The plan for one task; `asked` comes from askedAttempts (already checked). */
export function planSpeculation(task: Pick<QueueTask, 'tags' | 'verify'>, config: Pick<AgentConfig, 'riskLevel' | 'speculation'>, asked: number | undefined): SpeculationPlan {
  const p = config.speculation ?? DEFAULT_SPECULATION;
  const notes: string[] = [];
  let attempts = asked ?? 1;
  if (asked === undefined && p.risky > 1 && isRisky(task, config)) {
    attempts = p.risky;
    notes.push(`speculation: ${attempts} attempts for a risky task (speculation.risky)`);
  }
  if (attempts > p.max) {
    notes.push(`speculation: ${attempts} attempts asked, capped at speculation.max (${p.max})`);
    attempts = p.max;
  }
  return { attempts, forked: attempts > 1 || (task.verify !== undefined && p.forkVerified), notes };
}

/** An attempt passes when its check passed (or it has none) and no judge failed. */
export function attemptPassed(verify: VerifyResult | undefined, judges: readonly JudgeResult[]): boolean {
  return verify?.passed !== false && !judges.some((j) => j.status === 'fail');
}

/** Judges' evidence as one number: each pass 1, fail 0, a score where the judge gives one; errors and pending do not count. */
export function judgeScore(judges: readonly JudgeResult[]): number {
  const counted = judges.filter((j) => j.status === 'pass' || j.status === 'fail');
  if (!counted.length) return 0;
  return counted.reduce((n, j) => n + (j.score ?? (j.status === 'pass' ? 1 : 0)), 0) / counted.length;
}

export interface AttemptOutcome {
  /** The fork's id (`<task>.<n>`). */
  fork: string;
  passed: boolean;
  score: number;
  /** The model's own reward (last tie-breaker: evidence first). */
  reward: number;
  /** Why it failed, for the commit: the check's exit, the failing judges. */
  why: string;
  /** How the attempt came about, when not on the routed tier (the cascade). */
  note?: string;
}

/** Index of the best passing attempt: highest judge score, then reward, then the earliest; -1 when none passed. */
export function bestAttempt(outcomes: readonly AttemptOutcome[]): number {
  let best = -1;
  outcomes.forEach((o, i) => {
    if (!o.passed) return;
    const b = outcomes[best];
    if (!b || o.score > b.score || (o.score === b.score && o.reward > b.reward)) best = i;
  });
  return best;
}

/** Index of the failed attempt the cascade starts from: the best score, then the earliest. */
export function bestFailed(outcomes: readonly AttemptOutcome[]): number {
  let best = 0;
  outcomes.forEach((o, i) => {
    if (o.score > outcomes[best].score) best = i;
  });
  return best;
}

export function failureReason(verify: VerifyResult | undefined, judges: readonly JudgeResult[]): string {
  const parts: string[] = [];
  if (verify && !verify.passed) parts.push(verify.timedOut ? 'verify timed out' : `verify exited ${verify.exitCode ?? 'without a status'}`);
  for (const j of judges) if (j.status === 'fail') parts.push(`judge ${j.name} failed`);
  return parts.join(', ') || 'passed';
}

/** The commit lines: one per fork (merged or dropped, and why), then what the merge changed. */
export function speculationLines(outcomes: readonly AttemptOutcome[], merged: number, change?: { written: number; removed: number }): string[] {
  const lines = outcomes.map((o, i) => {
    const why = o.passed ? (i === merged ? 'passed' : 'passed; another scored higher') : o.why;
    return `fork: ${o.fork} ${i === merged ? 'merged' : 'dropped'} (${o.note ? `${o.note}; ` : ''}${why})`;
  });
  lines.push(merged >= 0 && change
    ? `speculation: ${outcomes.length} attempt(s) in forks; ${outcomes[merged].fork} merged into the workspace (${change.written} file(s) written, ${change.removed} removed)`
    : `speculation: ${outcomes.length} attempt(s) in forks, none merged; all dropped, the workspace is unchanged`);
  return lines;
}
