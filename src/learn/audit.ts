// Rule-based audit of the model's self-score (seed 001's audit hook, minimal for now).
// The audit never overwrites the claim; both are recorded, learning uses the lower.
import type { TaskReport } from './report.ts';
import type { Score, VerifyResult } from './types.ts';

export interface AuditInput {
  report: Pick<TaskReport, 'response' | 'outcome' | 'reward'>;
  verify?: Pick<VerifyResult, 'passed' | 'exitCode' | 'timedOut'>;
}

export interface Audit {
  score: Score;
  reason: string;
}

// Only the opening of a response is checked: a long answer may quote these words.
const REFUSAL = /\b(i\s+cannot|i\s+can['’]?t\s+help|as\s+an\s+ai)\b/i;
const REFUSAL_WINDOW = 200;

export function isRefusal(response: string): boolean {
  return REFUSAL.test(response.trim().slice(0, REFUSAL_WINDOW));
}

/** Rules in order; the first that applies decides. */
export function auditScore({ report, verify }: AuditInput): Audit {
  if (verify) {
    if (verify.passed) return { score: 1, reason: 'verify command passed' };
    const why = verify.timedOut ? 'timed out' : `exited with ${verify.exitCode ?? 'no status'}`;
    return { score: -1, reason: `verify command failed (${why})` };
  }
  if (report.response.trim() === '') return { score: -1, reason: 'empty response' };
  if (isRefusal(report.response)) return { score: -1, reason: 'response reads as a refusal' };
  if (report.outcome === 'failure' && report.reward === 1) {
    return { score: 0, reason: 'outcome failure contradicts self-score +1' };
  }
  return { score: report.reward, reason: 'no verify command; self-score accepted' };
}
