// Rule-based audit of the model's self-score (seed 001's audit hook): the claimed outcome is
// compared with the evidence — the verify command's status and output, the tool calls that
// actually ran, and the answer's own words. The audit never overwrites the claim; both are
// recorded, learning uses the lower.
import type { TaskReport } from './report.ts';
import type { JudgeResult, Score, VerifyResult } from './types.ts';

export interface AuditInput {
  report: Pick<TaskReport, 'response' | 'outcome' | 'reward'>;
  verify?: Pick<VerifyResult, 'passed' | 'exitCode' | 'timedOut'> & { output?: string };
  /** The tool calls of the act loop, when known: what the model did, not what it says it did. */
  toolCalls?: { name: string; ok: boolean }[];
}

export interface Audit {
  score: Score;
  reason: string;
}

// Only the opening of a response is checked: a long answer may quote these words.
const REFUSAL = /\b(i\s+cannot|i\s+can['’]?t\s+help|as\s+an\s+ai)\b/i;
const REFUSAL_WINDOW = 200;
const ADMITS_FAILURE = /\b(i\s+(?:was|am)\s+(?:unable|not\s+able)|i\s+could\s*(?:not|n['’]t)|i\s+failed\s+to|did\s+not\s+manage)\b/i;
const CLAIMS_WRITE = /\bI(?:\s+have|['’]ve)?\s+(?:wrote|written|created|saved)\b[^.\n]{0,80}\b(?:file|[\w-]+\.[a-z]{1,5})\b/i;
// Test-runner summaries that report failures even when the command exited 0.
const OUTPUT_FAILURES = /(?:\b[1-9]\d*\s+(?:failed|failing|failures?|errors?)\b|^not ok \d+|^FAIL\b|Traceback \(most recent call last\))/im;

export function isRefusal(response: string): boolean {
  return REFUSAL.test(response.trim().slice(0, REFUSAL_WINDOW));
}

/** Rules in order; the first that applies decides. */
export function auditScore({ report, verify, toolCalls }: AuditInput): Audit {
  if (verify) {
    if (!verify.passed) {
      const why = verify.timedOut ? 'timed out' : `exited with ${verify.exitCode ?? 'no status'}`;
      return { score: -1, reason: `verify command failed (${why})` };
    }
    const failures = verify.output ? OUTPUT_FAILURES.exec(verify.output) : null;
    if (failures) return { score: 0, reason: `verify command exited 0 but its output reports failures ("${failures[0].trim()}")` };
    if (report.reward < 1) return { score: 1, reason: `verify command passed (the model claimed ${report.outcome})` };
    return { score: 1, reason: 'verify command passed' };
  }
  if (report.response.trim() === '') return { score: -1, reason: 'empty response' };
  if (isRefusal(report.response)) return { score: -1, reason: 'response reads as a refusal' };
  if (report.reward === 1) {
    if (report.outcome !== 'success') return { score: 0, reason: `outcome ${report.outcome} contradicts self-score +1` };
    if (ADMITS_FAILURE.test(report.response.slice(0, 400))) return { score: 0, reason: 'the answer says it could not finish, yet scores itself +1' };
    if (toolCalls && CLAIMS_WRITE.test(report.response) && !toolCalls.some((c) => c.name === 'write_file' && c.ok)) {
      return { score: 0, reason: 'the answer says it wrote a file, but no write_file call succeeded' };
    }
  }
  return { score: report.reward, reason: 'no verify command; self-score accepted' };
}

/** The LLM audit can only lower the rule audit (a second opinion, never a rescue). */
export function combineAudits(rule: Audit, llm: Audit | undefined): Audit {
  if (!llm) return rule;
  const score = Math.min(rule.score, llm.score) as Score;
  return { score, reason: `${rule.reason}; llm audit ${llm.score > 0 ? '+1' : llm.score}: ${llm.reason}` };
}

/**
 * Every judge's evidence, applied to an audit: judges can only lower it, never rescue it.
 * A failed judge counts as a failed verify (-1); an `llm` judge lowers to its own grade
 * (0.5 → 0, 0 → -1); a judge error caps the audit at 0 (not judged is not a pass, nor the
 * agent's failure); a pending judge (a person) does not count yet.
 */
export function judgeAudit(audit: Audit, judges: readonly JudgeResult[] | undefined): Audit {
  if (!judges?.length) return audit;
  let score = audit.score;
  const notes: string[] = [];
  for (const j of judges) {
    if (j.status === 'pass' || j.status === 'pending') continue;
    const cap: Score = j.status === 'error' ? 0 : j.kind === 'llm' ? (j.score !== null && j.score >= 0.5 ? 0 : -1) : -1;
    if (cap < score) score = cap;
    notes.push(j.status === 'error' ? `judge error: ${j.name}: ${j.evidence}` : `judge ${j.name} failed: ${j.evidence}`);
  }
  const passed = judges.filter((j) => j.status === 'pass').length;
  const pending = judges.filter((j) => j.status === 'pending').length;
  const tally = `judges ${passed}/${judges.length} passed${pending ? `, ${pending} pending` : ''}`;
  return { score, reason: `${audit.reason}; ${tally}${notes.length ? `: ${notes.join('; ')}` : ''}` };
}
