import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APICallError } from 'ai';
import { backoffDelayMs, classifyFailure, decideRetry, retryAfterMs } from './retry-policy.ts';

const idle = { timedOut: false, callerAborted: false };
const plan = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 };

function httpError(statusCode: number, headers: Record<string, string> = {}, message = 'boom'): APICallError {
  return new APICallError({ message, url: 'http://x/v1/chat/completions', requestBodyValues: {}, statusCode, responseHeaders: headers });
}

test('full-jitter backoff grows by powers of two up to the cap', () => {
  const top = () => 0.999999;
  assert.equal(backoffDelayMs(1, plan, top), 99);
  assert.equal(backoffDelayMs(2, plan, top), 199);
  assert.equal(backoffDelayMs(3, plan, top), 399);
  assert.equal(backoffDelayMs(10, plan, top), 999);
  assert.equal(backoffDelayMs(3, plan, () => 0), 0);
  assert.equal(backoffDelayMs(3, plan, () => 0.5), 200);
});

test('Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
  assert.equal(retryAfterMs({ 'retry-after': '2' }), 2000);
  assert.equal(retryAfterMs({ 'Retry-After': '1.5' }), 1500);
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, now), 30_000);
  assert.equal(retryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, now), 0);
  assert.equal(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }), 250);
  assert.equal(retryAfterMs({ 'retry-after': 'soon' }), undefined);
  assert.equal(retryAfterMs({}), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('408/409/425/429/5xx are retryable, other 4xx are not', () => {
  for (const s of [408, 409, 425, 429, 500, 502, 503, 529]) assert.equal(classifyFailure(httpError(s), idle).retryable, true, String(s));
  for (const s of [400, 401, 403, 404, 422]) assert.equal(classifyFailure(httpError(s), idle).retryable, false, String(s));
});

test('failures are sorted by kind, with actionable detail', () => {
  const unauthorized = classifyFailure(httpError(401, {}, 'Incorrect API key'), idle);
  assert.equal(unauthorized.kind, 'http');
  assert.equal(unauthorized.statusCode, 401);
  assert.match(unauthorized.detail, /HTTP 401 \(check the API key.*\): Incorrect API key/);
  assert.equal(classifyFailure(httpError(429, { 'retry-after': '3' }), idle).retryAfterMs, 3000);

  const noStatus = new APICallError({ message: 'Cannot connect to API: ECONNREFUSED', url: 'u', requestBodyValues: {} });
  assert.equal(classifyFailure(noStatus, idle).kind, 'network');
  assert.equal(classifyFailure(new DOMException('x', 'AbortError'), { timedOut: true, callerAborted: false, timeoutMs: 5 }).kind, 'timeout');
  assert.equal(classifyFailure(new DOMException('x', 'AbortError'), { timedOut: true, callerAborted: true }).kind, 'aborted');
  assert.equal(classifyFailure(httpError(200, {}, 'Invalid JSON response'), idle).kind, 'invalid-output');
  const bug = classifyFailure(new RangeError('oops'), idle);
  assert.equal(bug.foreign, true);
  assert.equal(bug.retryable, false);
});

test('decideRetry honours Retry-After up to the cap and stops at maxAttempts', () => {
  const limited = classifyFailure(httpError(429, { 'retry-after': '1' }), idle);
  assert.deepEqual(decideRetry(limited, 1, plan), { retry: true, delayMs: 1000 });
  assert.deepEqual(decideRetry(limited, 4, plan), { retry: false, reason: 'gave up after 4 attempts' });

  const tooLong = classifyFailure(httpError(429, { 'retry-after': '3600' }), idle);
  const d = decideRetry(tooLong, 1, plan);
  assert.equal(d.retry, false);
  assert.match(!d.retry ? d.reason : '', /asked to wait 3600 s, more than the 60 s/);

  assert.deepEqual(decideRetry(classifyFailure(httpError(500), idle), 2, plan, () => 0.5), { retry: true, delayMs: 100 });
  assert.deepEqual(decideRetry(classifyFailure(httpError(401), idle), 1, plan), { retry: false, reason: 'not retryable' });
});
