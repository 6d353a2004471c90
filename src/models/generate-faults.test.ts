// Real HTTP faults: rate limits, server errors, hangs, garbage and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { ModelSettings, ProviderKind } from '../config/index.ts';
import { ModelCallError } from './errors.ts';
import { generateStructured } from './generate.ts';
import { scriptedSettings, withServer } from './test-support.ts';
import type { Script, ScriptFormat } from './scripted-server.ts';

const Answer = z.object({ answer: z.string() });
const KEY = 'local-key-do-not-leak-98765'; // not sk-shaped: only the explicit redaction catches it
const fast = { baseDelayMs: 1, maxDelayMs: 10 };
const req = { system: 's', prompt: 'p', schema: Answer };

const settings = (baseURL: string, over: Partial<ModelSettings> = {}): ModelSettings => scriptedSettings(baseURL, KEY, { maxTokens: 500, ...over });

test('429 with Retry-After: 1, then success: the wait honours the header', async () => {
  const script: Script = (r) => (r.index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { json: { answer: 'ok' } });
  await withServer('openai', script, async (url, requests) => {
    const result = await generateStructured(settings(url), req, fast);
    assert.deepEqual(result.value, { answer: 'ok' });
    assert.equal(requests.length, 2);
    assert.deepEqual(result.calls.map((c) => [c.attempt, c.status, c.statusCode]), [[1, 'error', 429], [2, 'ok', undefined]]);
    // The backoff alone would wait at most 10 ms; the header asked for 1 s.
    const waited = requests[1].receivedAt - requests[0].receivedAt;
    assert.ok(waited >= 900, `second request came ${waited} ms after the first`);
  });
});

for (const [format, provider] of [['openai', 'openai'], ['anthropic', 'anthropic']] as [ScriptFormat, ProviderKind][]) {
  test(`500 on every attempt (${provider}) → ModelCallError after maxAttempts`, async () => {
    await withServer(format, () => ({ status: 500 }), async (url, requests) => {
      const error = await generateStructured(settings(url, { provider, maxAttempts: 3 }), req, fast).catch((e) => e);
      assert.ok(error instanceof ModelCallError, String(error));
      assert.equal(error.kind, 'http');
      assert.equal(error.statusCode, 500);
      assert.equal(error.attempts, 3);
      assert.equal(requests.length, 3);
      assert.match(error.message, /failed after 3 attempts: HTTP 500/);
      assert.match(error.message, new RegExp(`${provider} model "scripted-model" at http://127\\.0\\.0\\.1:\\d+/v1`));
    });
  });
}

test('a server that never answers → kind timeout, each attempt timed out', async () => {
  await withServer('openai', () => ({ hang: true }), async (url, requests) => {
    const error = await generateStructured(settings(url, { timeoutMs: 200, maxAttempts: 2 }), req, fast).catch((e) => e);
    assert.ok(error instanceof ModelCallError, String(error));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.attempts, 2);
    assert.equal(requests.length, 2);
    assert.match(error.message, /no reply within 200 ms/);
  });
});

test('a slow reply within the timeout succeeds', async () => {
  await withServer('openai', () => ({ delayMs: 50, then: { json: { answer: 'late' } } }), async (url) => {
    const result = await generateStructured(settings(url, { timeoutMs: 5_000 }), req, fast);
    assert.deepEqual(result.value, { answer: 'late' });
  });
});

test('an invalid reply is retried with a repair turn, then fails as invalid-output', async () => {
  await withServer('openai', () => ({ text: 'I would rather chat about the weather.' }), async (url, requests) => {
    const error = await generateStructured(settings(url, { maxAttempts: 3 }), req, fast).catch((e) => e);
    assert.ok(error instanceof ModelCallError, String(error));
    assert.equal(error.kind, 'invalid-output');
    assert.equal(error.attempts, 3);
    assert.equal(requests.length, 3);
    assert.match(error.message, /gave no usable reply after 3 attempts: reply is not JSON/);
    assert.ok(error.usage && error.usage.outputTokens > 0);
    const repair = requests[1].body.messages.at(-1);
    assert.equal(repair.role, 'user');
    assert.match(repair.content, /could not be used: reply is not JSON/);
  });
});

test('an invalid reply then a valid one succeeds, and the calls show both', async () => {
  const script: Script = (r) => (r.index === 0 ? { json: { wrong: true } } : { json: { answer: 'fixed' } });
  await withServer('anthropic', script, async (url) => {
    const result = await generateStructured(settings(url, { provider: 'anthropic', model: 'claude-sonnet-4-5' }), req, fast);
    assert.deepEqual(result.value, { answer: 'fixed' });
    assert.equal(result.calls.length, 2);
    assert.equal(result.calls[0].status, 'error');
    assert.match(result.calls[0].error ?? '', /invalid output: reply JSON does not match the schema: at answer/);
    assert.deepEqual(result.calls.map((c) => c.attempt), [1, 2]);
    assert.equal(result.steps, 2);
  });
});

test('a garbage body is retried', async () => {
  const script: Script = (r) => (r.index === 0 ? { raw: '<html>bad gateway</html>' } : { json: { answer: 'ok' } });
  await withServer('openai', script, async (url, requests) => {
    const result = await generateStructured(settings(url), req, fast);
    assert.deepEqual(result.value, { answer: 'ok' });
    assert.equal(requests.length, 2);
    assert.equal(result.calls[0].status, 'error');
  });
});

for (const [format, provider] of [['openai', 'openai-compatible'], ['openai', 'openai'], ['anthropic', 'anthropic']] as [ScriptFormat, ProviderKind][]) {
  test(`401 (${provider}) fails at once, with a hint and without the key`, async () => {
    // A careless server echoes the key back; it must not reach our message.
    const script: Script = () => ({
      status: 401,
      body:
        format === 'openai'
          ? { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } }
          : { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${KEY}` } },
    });
    await withServer(format, script, async (url, requests) => {
      const error = await generateStructured(settings(url, { provider, maxAttempts: 5 }), req, fast).catch((e) => e);
      assert.ok(error instanceof ModelCallError, String(error));
      assert.equal(error.kind, 'http');
      assert.equal(error.statusCode, 401);
      assert.equal(error.attempts, 1);
      assert.equal(requests.length, 1);
      assert.match(error.message, /check the API key/);
      assert.ok(!error.message.includes(KEY), error.message);
      assert.ok(!error.message.includes('do-not-leak'), error.message);
      assert.ok(!String(error.stack).includes(KEY));
      assert.ok(!JSON.stringify(error).includes(KEY));
    });
  });
}

test("the caller's abort ends the call as kind aborted, without retries", async () => {
  const controller = new AbortController();
  // Abort once the request has arrived (not after a fixed delay, which a loaded machine can outrun).
  const arrived = () => {
    setImmediate(() => controller.abort());
    return { hang: true } as const;
  };
  await withServer('openai', arrived, async (url, requests) => {
    const error = await generateStructured(settings(url, { timeoutMs: 60_000 }), { ...req, abortSignal: controller.signal }, fast).catch((e) => e);
    assert.ok(error instanceof ModelCallError, String(error));
    assert.equal(error.kind, 'aborted');
    assert.equal(requests.length, 1);
  });
});

test('a bad base URL is a configuration error that names the value', async () => {
  await assert.rejects(generateStructured(settings('localhost:11434'), req), /baseURL "localhost:11434" is not an http\(s\) URL/);
});
