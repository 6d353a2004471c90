// The judge stage, after act and verify: which judges apply, and a bound on the judge port.
// A task that names judges while no judge port is wired, a port that throws, or one that does
// not answer within judgeTimeoutMs yields "judge error" for each judge: never a pass, never dropped.
import type { JudgeResult, TaskReport, VerifyResult } from '../learn/index.ts';
import { mergeJudges, type JudgeSpec, type QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';
import type { AgentContext } from './agent-context.ts';

/** Default bound on one task's whole judge stage (RuntimeOptions.judgeTimeoutMs). */
export const JUDGE_STAGE_TIMEOUT_MS = 10 * 60_000;
const EVIDENCE_CAP = 300;

export async function runJudges(
  ctx: AgentContext, task: QueueTask, report: TaskReport, verify: VerifyResult | undefined,
  run: (command: string, timeoutMs: number) => Promise<VerifyResult>, signal: AbortSignal,
  /** Only the judges this keeps (speculate.ts judges each fork without asking a person). */
  only?: (spec: JudgeSpec) => boolean,
): Promise<JudgeResult[]> {
  const judges = mergeJudges(ctx.config.judges ?? [], task.judges ?? []).filter((j) => !only || only(j.spec));
  if (judges.length === 0) return [];
  const failAll = (why: string): JudgeResult[] => judges.map((j) => ({ name: j.name, kind: j.spec.kind, status: 'error', score: null, evidence: why, ms: 0 }));
  const port = ctx.judges;
  if (!port) return failAll('no judge runtime is wired into this runtime (RuntimeOptions.judges)');
  const limit = ctx.judgeTimeoutMs ?? JUDGE_STAGE_TIMEOUT_MS;
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<JudgeResult[]>((resolve) => {
      timer = setTimeout(() => {
        stop.abort(new Error('judge stage timed out'));
        resolve(failAll(`the judges did not answer within ${Math.round(limit / 1000)} s (judgeTimeoutMs)`));
      }, limit);
    });
    const results = await Promise.race([port.judge({ task, judges, report, verify, run, signal: stop.signal }), timeout]);
    // Shutting down: the task stays queued and is judged again when it runs again.
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    if (!Array.isArray(results) || results.length !== judges.length) return failAll(`the judge runtime answered ${Array.isArray(results) ? results.length : 'no'} results for ${judges.length} judges`);
    return results.map((r, i) => ({ ...r, name: judges[i].name, evidence: clip(redactText(r.evidence)) }));
  } catch (err) {
    if (signal.aborted) throw err;
    ctx.log.warn({ agent: ctx.config.name, task: task.id, err }, 'judge runtime failed');
    return failAll(`the judge runtime failed: ${clip(redactText((err as Error).message ?? String(err)))}`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function clip(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > EVIDENCE_CAP ? `${line.slice(0, EVIDENCE_CAP - 1)}…` : line;
}

/** The task commit's line per judge (learn/progress.ts reads them back). */
export function judgeLines(results: readonly JudgeResult[]): string[] {
  return results.map((j) => `judge: ${j.name} ${j.status}${j.score !== null ? ` ${round(j.score)}` : ''} (${j.kind}) ${j.evidence}`.trimEnd());
}

const round = (n: number) => Math.round(n * 1000) / 1000;
