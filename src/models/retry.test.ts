import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APICallError } from 'ai';
import { ModelCallError, redactSecrets } from './errors.ts';
import { withRetries } from './retry.ts';
import type { AttemptRecord } from './retry.ts';

function httpError(statusCode: number, headers: Record<string, string> = {}, message = 'boom'): APICallError {
  return new APICallError({ message, url: 'http://x/v1', requestBodyValues: {}, statusCode, responseHeaders: headers });
}

function recorder() {
  const waits: number[] = [];
  const records: AttemptRecord[] = [];
  return {
    waits,
    records,
    sleep: async (ms: number) => void waits.push(ms),
    onAttempt: (r: AttemptRecord) => void records.push(r),
  };
}

test('retries retryable failures, then returns the value', async () => {
  const r = recorder();
  let calls = 0;
  const value = await withRetries(
    async () => {
      calls++;
      if (calls === 1) throw httpError(503);
      if (calls === 2) throw httpError(429, { 'retry-after': '2' });
      return 'done';
    },
    { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, sleep: r.sleep, onAttempt: r.onAttempt, random: () => 0.5 },
  );
  assert.equal(value, 'done');
  assert.deepEqual(r.waits, [50, 2000]); // jitter on 503, the server's word on 429
  assert.deepEqual(r.records.map((x) => [x.attempt, x.ok, x.statusCode]), [[1, false, 503], [2, false, 429], [3, true, undefined]]);
});

test('gives up after maxAttempts with a ModelCallError carrying kind, status and attempts', async () => {
  const r = recorder();
  const error = await withRetries(async () => { throw httpError(500, {}, 'Internal failure'); }, {
    maxAttempts: 3,
    label: 'openai model "m" at http://h/v1',
    sleep: r.sleep,
  }).catch((e) => e);
  assert.ok(error instanceof ModelCallError);
  assert.equal(error.kind, 'http');
  assert.equal(error.statusCode, 500);
  assert.equal(error.attempts, 3);
  assert.equal(error.code, 'MODEL_CALL_FAILED');
  assert.match(error.message, /^openai model "m" at http:\/\/h\/v1 failed after 3 attempts: HTTP 500: Internal failure/);
  assert.equal(r.waits.length, 2);
});

test('a 401 fails at once, and the key is not in the message', async () => {
  const r = recorder();
  let calls = 0;
  const error = await withRetries(async () => {
    calls++;
    throw httpError(401, {}, 'Incorrect API key provided: sk-live-abcdef123456');
  }, { maxAttempts: 5, sleep: r.sleep, secrets: ['sk-live-abcdef123456'] }).catch((e) => e);
  assert.equal(calls, 1);
  assert.equal(error.kind, 'http');
  assert.match(error.message, /not retried/);
  assert.doesNotMatch(error.message, /abcdef123456/);
});

test('a Retry-After beyond the cap fails instead of sleeping', async () => {
  const r = recorder();
  const error = await withRetries(async () => { throw httpError(429, { 'retry-after': '600' }); }, {
    maxAttempts: 5,
    maxRetryAfterMs: 60_000,
    sleep: r.sleep,
  }).catch((e) => e);
  assert.equal(error.attempts, 1);
  assert.deepEqual(r.waits, []);
  assert.match(error.message, /asked to wait 600 s/);
});

test('each attempt times out on its own signal and counts as kind timeout', async () => {
  const r = recorder();
  const signals: AbortSignal[] = [];
  const error = await withRetries(
    ({ signal }) =>
      new Promise<never>((_, reject) => {
        signals.push(signal);
        signal.addEventListener('abort', () => reject(signal.reason));
      }),
    { maxAttempts: 2, timeoutMs: 20, sleep: r.sleep },
  ).catch((e) => e);
  assert.equal(error.kind, 'timeout');
  assert.equal(error.attempts, 2);
  assert.equal(signals.length, 2);
  assert.notEqual(signals[0], signals[1]);
});

test("the caller's abort stops without retrying", async () => {
  const controller = new AbortController();
  let calls = 0;
  const error = await withRetries(
    async () => {
      calls++;
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    },
    { maxAttempts: 5, signal: controller.signal, timeoutMs: 10_000 },
  ).catch((e) => e);
  assert.equal(calls, 1);
  assert.equal(error.kind, 'aborted');
});

test('errors that are not transport failures pass through unchanged', async () => {
  const bug = new RangeError('a bug');
  const error = await withRetries(async () => { throw bug; }, { maxAttempts: 3 }).catch((e) => e);
  assert.equal(error, bug);
});

test('redactSecrets removes the key and credential-looking strings', () => {
  const text = 'key sk-proj-ABCDEFGH12345678 header Authorization: Bearer abc.def-123 x-api-key=zzzz9999 mine=hunter22secret';
  const out = redactSecrets(text, ['hunter22secret']);
  for (const secret of ['ABCDEFGH12345678', 'abc.def-123', 'zzzz9999', 'hunter22secret']) assert.ok(!out.includes(secret), out);
  assert.match(out, /\[REDACTED\]/);
});
