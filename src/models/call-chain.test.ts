import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import type { ModelSettings } from '../config/index.ts';
import { Breakers, BudgetExceededError, callChain, CostBook, ModelCallError, startScriptedServer, type TierModel } from './index.ts';

const Answer = z.object({ answer: z.string() });

function model(url: string, name: string): TierModel {
  const settings: ModelSettings = { provider: 'openai-compatible', baseURL: url, model: name, apiKey: undefined, maxTokens: 100, timeoutMs: 5000, maxAttempts: 1, structured: 'json-schema' };
  return { tier: 'balanced', settings, price: { input: 1, output: 2 }, contextWindow: null, endpoint: `openai-compatible ${url}`, label: name };
}

async function fixture() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-chain-'));
  const book = new CostBook({ agentRoot: path.join(dir, 'a'), pending: path.join(dir, 'pending.jsonl') });
  await book.load();
  return { book, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('every circuit open: the call waits once for the soonest trial, then goes through', async () => {
  const server = await startScriptedServer({ format: 'openai', script: () => ({ json: { answer: 'ok' }, usage: { inputTokens: 10, outputTokens: 5 } }) });
  const { book, cleanup } = await fixture();
  try {
    let clock = 0;
    const breakers = new Breakers({ failures: 1, cooldownMs: 20 }, () => clock);
    const m = model(server.url, 'm');
    breakers.get(m.endpoint).onFailure();
    setTimeout(() => (clock = 20), 5);
    const r = await callChain({ breakers, book, task: 't', checkBudget: () => {}, maxCircuitWaitMs: 30, now: () => clock }, [m], 'act', { system: 's', prompt: 'p', schema: Answer });
    assert.equal(r.gen.value.answer, 'ok');
    assert.equal(breakers.get(m.endpoint).state, 'closed');
    assert.deepEqual(book.uncommitted.map((l) => [l.input, l.output, l.cost_usd, l.ok]), [[10, 5, 0.00002, true]]);
  } finally {
    await server.close();
    cleanup();
  }
});

test('a budget refusal stops the chain at once: no fallback, no request, the breaker untouched', async () => {
  const server = await startScriptedServer({ format: 'openai', script: () => ({ json: { answer: 'ok' } }) });
  const { book, cleanup } = await fixture();
  try {
    const breakers = new Breakers({ failures: 1, cooldownMs: 1000 });
    const refuse = () => {
      throw new BudgetExceededError('a', 'daily budget reached', '2026-01-02T00:00:00.000Z');
    };
    await assert.rejects(
      callChain({ breakers, book, task: 't', checkBudget: refuse }, [model(server.url, 'a'), model(server.url, 'b')], 'act', { system: 's', prompt: 'p', schema: Answer }),
      BudgetExceededError,
    );
    assert.equal(server.requests.length, 0);
    assert.equal(breakers.get(`openai-compatible ${server.url}`).state, 'closed');
  } finally {
    await server.close();
    cleanup();
  }
});

test('an unusable answer falls back to the next model without opening the provider circuit', async () => {
  const server = await startScriptedServer({ format: 'openai', script: (req) => (req.body.model === 'bad' ? { text: 'no json here' } : { json: { answer: 'good' } }) });
  const { book, cleanup } = await fixture();
  try {
    const breakers = new Breakers({ failures: 1, cooldownMs: 1000 });
    const r = await callChain({ breakers, book, task: 't', checkBudget: () => {} }, [model(server.url, 'bad'), model(server.url, 'good')], 'act', { system: 's', prompt: 'p', schema: Answer });
    assert.equal(r.model.settings.model, 'good');
    assert.match(r.failures[0], /^bad: .*no usable reply/);
    assert.equal(breakers.get(`openai-compatible ${server.url}`).state, 'closed');
  } finally {
    await server.close();
    cleanup();
  }
});

test('every circuit open and no wait allowed: the call fails fast (no request), saying when the next trial is due', async () => {
  const server = await startScriptedServer({ format: 'openai', script: () => ({ json: { answer: 'ok' } }) });
  const { book, cleanup } = await fixture();
  try {
    const clock = 1_000_000;
    const breakers = new Breakers({ failures: 1, cooldownMs: 60_000 }, () => clock);
    const m = model(server.url, 'm');
    breakers.get(m.endpoint).onFailure();
    await assert.rejects(
      callChain({ breakers, book, task: 't', checkBudget: () => {}, now: () => clock }, [m], 'act', { system: 's', prompt: 'p', schema: Answer }),
      (e: unknown) => e instanceof ModelCallError && e.kind === 'circuit-open' && e.retryAt === 1_060_000 && /every provider's circuit is open after repeated failures; the next trial is due at 1970-01-01T00:17:40\.000Z/.test(e.message),
    );
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
    cleanup();
  }
});

test('a half-open trial of a hung provider costs one attempt, not all the retries', async () => {
  const server = await startScriptedServer({ format: 'openai', script: () => ({ hang: true }) });
  const { book, cleanup } = await fixture();
  try {
    let clock = 0;
    const breakers = new Breakers({ failures: 1, cooldownMs: 10 }, () => clock);
    const m = { ...model(server.url, 'm'), settings: { ...model(server.url, 'm').settings, maxAttempts: 3, timeoutMs: 200 } };
    breakers.get(m.endpoint).onFailure();
    clock = 10; // half-open: one trial may go
    await assert.rejects(callChain({ breakers, book, task: 't', checkBudget: () => {}, now: () => clock, generateOptions: { baseDelayMs: 1, maxDelayMs: 1 } }, [m], 'act', { system: 's', prompt: 'p', schema: Answer }), ModelCallError);
    assert.equal(server.requests.length, 1);
    assert.equal(breakers.get(m.endpoint).state, 'open');
  } finally {
    await server.close();
    cleanup();
  }
});
