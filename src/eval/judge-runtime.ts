// The judge runtime: the kernel's JudgePort, implemented. Each judge runs under its own time
// limit; one that throws, times out or never settles reports "judge error" with the reason,
// and the other judges still run. Command judges go through the kernel's runner, so they are
// sandboxed exactly like `verify:`.
import type { ModelSettings } from '../config/index.ts';
import type { JudgePort, JudgeRequest } from '../kernel/index.ts';
import type { JudgeResult } from '../learn/index.ts';
import type { JudgeKind, JudgeSpec, QueueTask } from '../store/index.ts';
import { DEFAULT_TIMEOUT_S, JUDGES } from './judges/registry.ts';
import type { JudgeEnv, JudgeFn, Verdict } from './judges/types.ts';

export interface JudgeRuntimeOptions {
  /** The model `llm` judges ask. */
  model?: ModelSettings;
  /** Asks a person for a label (the approval store); absent, `human` judges without a label stay pending. */
  requestLabel?: (task: QueueTask, question: string) => Promise<string>;
  /** Replaces kinds (tests use this to plant a crashing or hanging judge). */
  kinds?: Partial<Record<JudgeKind, JudgeFn>>;
  /** Extra time past a command judge's own limit before it counts as hung, ms (the sandbox kills at the limit). */
  graceMs?: number;
}

export class JudgeRuntime implements JudgePort {
  readonly #o: JudgeRuntimeOptions;

  constructor(o: JudgeRuntimeOptions = {}) {
    this.#o = o;
  }

  async judge(req: JudgeRequest): Promise<JudgeResult[]> {
    const out: JudgeResult[] = [];
    // One at a time: command judges share the workspace, and a test run is not a lint run's neighbour.
    for (const { spec, name } of req.judges) out.push(await this.one(spec, name, req));
    return out;
  }

  private async one(spec: JudgeSpec, name: string, req: JudgeRequest): Promise<JudgeResult> {
    const started = performance.now();
    const timeoutMs = (spec.timeout_s ?? DEFAULT_TIMEOUT_S[spec.kind]) * 1000;
    const fn = (this.#o.kinds?.[spec.kind] ?? JUDGES[spec.kind]) as JudgeFn;
    const stop = new AbortController();
    const onAbort = () => stop.abort(req.signal.reason);
    req.signal.addEventListener('abort', onAbort, { once: true });
    const env: JudgeEnv = {
      task: req.task, report: req.report, run: req.run, signal: stop.signal, timeoutMs,
      ...(this.#o.model && { model: this.#o.model }), ...(this.#o.requestLabel && { requestLabel: this.#o.requestLabel }),
    };
    let timer: NodeJS.Timeout | undefined;
    let v: Verdict;
    try {
      const hung = new Promise<Verdict>((resolve) => {
        timer = setTimeout(() => {
          stop.abort(new Error('judge timed out'));
          resolve({ status: 'error', score: null, evidence: `did not finish within ${timeoutMs / 1000} s (timeout_s): treated as hung` });
        }, timeoutMs + (this.#o.graceMs ?? 5000));
      });
      v = await Promise.race([fn(spec, env), hung]);
      v = checked(v);
    } catch (err) {
      v = { status: 'error', score: null, evidence: `crashed: ${(err as Error)?.message ?? String(err)}` };
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
    }
    return { name, kind: spec.kind, status: v.status, score: v.score, evidence: v.evidence, ms: Math.round(performance.now() - started) };
  }
}

const STATUSES = new Set(['pass', 'fail', 'error', 'pending']);

/** A judge that answers nonsense has not judged. */
function checked(v: Verdict): Verdict {
  if (!v || !STATUSES.has(v.status)) return { status: 'error', score: null, evidence: `answered no verdict (${JSON.stringify(v)?.slice(0, 80)})` };
  const score = typeof v.score === 'number' && Number.isFinite(v.score) ? Math.min(1, Math.max(0, v.score)) : null;
  return { status: v.status, score, evidence: String(v.evidence ?? '') };
}
