// The act loop's token and wall-time budgets: a model that would call tools forever is
// stopped when a budget is spent and asked for its answer; a needsApproval tool pauses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tool } from 'ai';
import { z } from 'zod';
import type { ModelSettings } from '../config/index.ts';
import { generateStructured } from './generate.ts';
import { ActPausedError } from './pause.ts';
import { startScriptedServer, type Script } from './scripted-server.ts';

const Answer = z.object({ answer: z.string() });
const settings = (baseURL: string): ModelSettings => ({ provider: 'openai-compatible', baseURL, model: 'm', apiKey: 'sk-test-0123456789', maxTokens: 500, timeoutMs: 10_000, maxAttempts: 2, structured: 'json-schema' });

async function run(script: Script, fn: (url: string, requests: any[]) => Promise<void>) {
  const server = await startScriptedServer({ format: 'openai', script });
  try {
    await fn(server.url, server.requests);
  } finally {
    await server.close();
  }
}

// Calls the tool until told it may not (toolChoice none), then answers.
const looping: Script = (req) => (req.body.tool_choice === 'none' ? { json: { answer: 'stopped' } } : { toolCalls: [{ name: 'ping', args: {} }], usage: { inputTokens: 400, outputTokens: 100 } });
const ping = tool({ description: 'ping', inputSchema: z.object({}), execute: async () => 'pong' });

test('a token budget stops the tool loop and the model is asked for its answer', async () => {
  await run(looping, async (url, requests) => {
    const r = await generateStructured(settings(url), { system: 's', prompt: 'p', schema: Answer, tools: { ping }, maxSteps: 50, limits: { maxTokens: 1200 } });
    assert.equal(r.value.answer, 'stopped');
    assert.equal(r.toolCalls.length, 3, '3 steps of 500 tokens reach 1200');
    assert.equal(requests.length, 4);
  });
});

test('a wall-time budget of zero allows one step, then the answer', async () => {
  await run(looping, async (url) => {
    const r = await generateStructured(settings(url), { system: 's', prompt: 'p', schema: Answer, tools: { ping }, maxSteps: 50, limits: { maxMs: 0 } });
    assert.equal(r.toolCalls.length, 1);
  });
});

test('a tool that needs approval pauses the loop with the messages so far; resuming continues from them', async () => {
  let ran = 0;
  const gated = tool({ description: 'g', inputSchema: z.object({ x: z.number() }), needsApproval: true, execute: async () => (ran++, 'done') });
  await run((req) => (req.messages.some((m) => m.role === 'tool') ? { json: { answer: 'after' } } : { toolCalls: [{ name: 'gated', args: { x: 1 } }] }), async (url) => {
    const err = await generateStructured(settings(url), { system: 's', prompt: 'p', schema: Answer, tools: { gated } }).catch((e) => e);
    assert.ok(err instanceof ActPausedError, String(err));
    assert.equal(ran, 0);
    assert.equal(err.pending[0].kind, 'approval');
    assert.deepEqual(err.pending[0].input, { x: 1 });
    const messages = [...err.messages, { role: 'tool' as const, content: [{ type: 'tool-approval-response' as const, approvalId: err.pending[0].approvalId!, approved: true }] }];
    const r = await generateStructured(settings(url), { system: 's', prompt: 'p', schema: Answer, tools: { gated }, messages });
    assert.equal(ran, 1, 'the approved call ran once, on resume');
    assert.equal(r.value.answer, 'after');
  });
});
