// The retry loop: each attempt gets its own timeout, failures are sorted by
// retry-policy.ts, waits honour the server's Retry-After up to a cap.
import { APICallError } from 'ai';
import { ModelCallError, redactSecrets } from './errors.ts';
import type { ModelCallErrorKind } from './errors.ts';
import { classifyFailure, decideRetry } from './retry-policy.ts';
import { deadlineSignal } from './deadline-signal.ts';

export interface AttemptRecord {
  attempt: number;
  ok: boolean;
  ms: number;
  kind?: ModelCallErrorKind;
  statusCode?: number;
  /** Redacted description of the failure. */
  error?: string;
  /** The wait before the next attempt, when there is one. */
  delayMs?: number;
}

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After we honour; a server asking for more fails the call. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout; omitted means none. */
  timeoutMs?: number;
  /** The caller's signal: aborting it stops at once, without retrying. */
  signal?: AbortSignal;
  onAttempt?: (record: AttemptRecord) => void;
  /** Names the call in error messages, e.g. `openai model "gpt-x" at https://...`. */
  label?: string;
  /** Strings that must never appear in an error message (API keys). */
  secrets?: (string | undefined)[];
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export const RETRY_DEFAULTS = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function aborted(label: string, attempts: number, cause?: unknown): ModelCallError {
  return new ModelCallError(`${label} was cancelled by the caller`, { kind: 'aborted', attempts, cause });
}

/** Runs `fn` until it succeeds, a failure is not worth retrying, or attempts run out. */
export async function withRetries<T>(
  fn: (ctx: { attempt: number; signal: AbortSignal }) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const label = opts.label ?? 'model call';
  const plan = {
    maxAttempts: Math.max(1, opts.maxAttempts),
    baseDelayMs: opts.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: opts.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs,
  };
  const pause = opts.sleep ?? sleep;
  const redact = (s: string) => redactSecrets(s, opts.secrets);

  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw aborted(label, attempt - 1, opts.signal.reason);
    // Released when the attempt ends, so its request is not kept alive until the timeout (deadline-signal.ts).
    const timeout = opts.timeoutMs ? deadlineSignal(opts.signal, opts.timeoutMs) : undefined;
    const signal = timeout?.signal ?? opts.signal ?? new AbortController().signal;
    const start = performance.now();
    try {
      const value = await fn({ attempt, signal });
      timeout?.dispose();
      opts.onAttempt?.({ attempt, ok: true, ms: performance.now() - start });
      return value;
    } catch (error) {
      timeout?.dispose();
      const ms = performance.now() - start;
      if (error instanceof ModelCallError) throw error;
      const failure = classifyFailure(error, {
        callerAborted: opts.signal?.aborted === true,
        timedOut: timeout?.timedOut === true,
        timeoutMs: opts.timeoutMs,
      });
      const detail = redact(failure.detail);
      const record: AttemptRecord = { attempt, ok: false, ms, kind: failure.kind, statusCode: failure.statusCode, error: detail };
      if (failure.foreign) {
        opts.onAttempt?.(record);
        throw error;
      }
      if (failure.kind === 'aborted') {
        opts.onAttempt?.(record);
        throw aborted(label, attempt, error);
      }
      const decision = decideRetry(failure, attempt, plan, opts.random);
      if (decision.retry) record.delayMs = decision.delayMs;
      opts.onAttempt?.(record);
      if (!decision.retry) {
        const message =
          decision.reason === 'not retryable'
            ? `${label} failed: ${detail} (not retried)`
            : decision.reason.startsWith('gave up')
              ? `${label} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${detail}`
              : `${label} failed: ${detail}; ${decision.reason}`;
        // An APICallError holds the server's raw reply, which may echo the key: its
        // substance is already in the (redacted) message, so it is not kept as cause.
        const cause = APICallError.isInstance(error) ? undefined : error;
        throw new ModelCallError(message, { kind: failure.kind, statusCode: failure.statusCode, attempts: attempt, cause });
      }
      try {
        await pause(decision.delayMs, opts.signal);
      } catch (cause) {
        throw aborted(label, attempt, cause);
      }
    }
  }
}
