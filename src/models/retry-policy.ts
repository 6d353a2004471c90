// Pure retry rules: which failures are worth another attempt, and how long to wait.
// No timers and no I/O here, so every rule is tested alone (retry-policy.test.ts).
import { APICallError } from 'ai';
import type { ModelCallErrorKind } from './errors.ts';

export interface Backoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Full-jitter exponential backoff: a uniform wait in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

type Headers = Record<string, string | undefined> | undefined;

/**
 * How long the server asked us to wait, from `retry-after-ms` or `Retry-After`
 * (delta seconds or an HTTP date). Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v != null) return v.trim();
    return undefined;
  };
  const ms = get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const after = get('retry-after');
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface Failure {
  kind: ModelCallErrorKind;
  retryable: boolean;
  statusCode?: number;
  retryAfterMs?: number;
  /** What went wrong, in words (not yet redacted). */
  detail: string;
  /** Not a transport failure (a bug or a misconfiguration): rethrown as it is. */
  foreign?: boolean;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);
const NETWORK_CODES = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR|socket hang up|fetch failed|other side closed/i;

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || (status >= 500 && status <= 599);
}

/** What the status means for the person reading the error. */
function statusHint(status: number): string {
  if (status === 401 || status === 403) return ' (check the API key and that it may use this model)';
  if (status === 404) return ' (check the base URL and the model name)';
  if (status === 400 || status === 422) return ' (the server rejected the request as malformed or unsupported)';
  return '';
}

const MAX_DETAIL = 600;

function errorText(error: unknown): string {
  const text = rawErrorText(error).replace(/\s+/g, ' ');
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

function rawErrorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
    return `${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${cause}`;
  }
  return String(error);
}

/**
 * Sorts a failed attempt. `timedOut`/`callerAborted` say which abort signal fired,
 * because the SDK rethrows both as the same AbortError.
 */
export function classifyFailure(error: unknown, state: { timedOut: boolean; callerAborted: boolean; timeoutMs?: number }): Failure {
  if (state.callerAborted) return { kind: 'aborted', retryable: false, detail: 'the call was cancelled by the caller' };
  if (state.timedOut) {
    return { kind: 'timeout', retryable: true, detail: `no reply within ${state.timeoutMs ?? '?'} ms` };
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return { kind: 'network', retryable: true, detail: errorText(error) };
    if (status >= 200 && status < 300) {
      // The server answered 2xx with a body the provider could not read.
      return { kind: 'invalid-output', retryable: true, statusCode: status, detail: `unreadable response body: ${errorText(error)}` };
    }
    // The body only when the message does not already carry it (e.g. a bare "Bad Request").
    const raw = error.responseBody?.trim();
    const body = raw && !raw.includes(error.message) && !error.message.includes(raw) ? ` — body: ${raw.slice(0, 200).replace(/\s+/g, ' ')}` : '';
    return {
      kind: 'http',
      retryable: isRetryableStatus(status),
      statusCode: status,
      retryAfterMs: retryAfterMs(error.responseHeaders),
      detail: `HTTP ${status}${statusHint(status)}: ${errorText(error)}${body}`,
    };
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'AI_JSONParseError' || name === 'AI_TypeValidationError' || name === 'AI_InvalidResponseDataError') {
    return { kind: 'invalid-output', retryable: true, detail: `unreadable response body: ${errorText(error)}` };
  }
  if (name === 'TimeoutError') return { kind: 'timeout', retryable: true, detail: errorText(error) };
  if (NETWORK_CODES.test(errorText(error))) return { kind: 'network', retryable: true, detail: errorText(error) };
  return { kind: 'network', retryable: false, detail: errorText(error), foreign: true };
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export interface RetryPlan extends Backoff {
  maxAttempts: number;
  /** The longest server-requested wait we honour; a longer request fails the call. */
  maxRetryAfterMs: number;
}

/** Whether to try again after `attempt` failed, and after how long. */
export function decideRetry(failure: Failure, attempt: number, plan: RetryPlan, random?: () => number): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: 'not retryable' };
  if (attempt >= plan.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > plan.maxRetryAfterMs) {
      return {
        retry: false,
        reason: `the server asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s, more than the ${Math.round(plan.maxRetryAfterMs / 1000)} s we allow`,
      };
    }
    return { retry: true, delayMs: failure.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelayMs(attempt, plan, random) };
}
