// The tools inside a real AI SDK tool loop (a scripted model): calls run, refusals come
// back to the model as results it can read, and the loop goes on.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { createWorkspaceTools, type ToolCallRecord } from './index.ts';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

function toolCalls(calls: [string, unknown][]) {
  return {
    content: calls.map(([toolName, input], i) => ({ type: 'tool-call' as const, toolCallId: `c${i}`, toolName, input: JSON.stringify(input) })),
    finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
    usage,
    warnings: [],
  };
}

test('a model writes, is refused an escape, reads back, and sees every result', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-act-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ws = path.join(dir, 'workspace');
  const records: ToolCallRecord[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: [
      toolCalls([['write_file', { path: 'out/answer.txt', content: '42' }], ['write_file', { path: '../escape.txt', content: 'x' }]]),
      toolCalls([['read_file', { path: 'out/answer.txt' }]]),
      { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] },
    ],
  });
  const result = await generateText({
    model,
    prompt: 'write the answer',
    tools: createWorkspaceTools(ws, { onCall: (r) => records.push(r) }),
    stopWhen: stepCountIs(5),
  });
  assert.equal(result.text, 'done');
  const outputs = result.steps.flatMap((s) => s.toolResults.map((r) => [r.toolName, r.output]));
  assert.deepEqual(outputs[0], ['write_file', { path: 'out/answer.txt', bytes: 2, created: true }]);
  assert.equal((outputs[1][1] as { code: string }).code, 'PATH_ESCAPE');
  assert.equal((outputs[2][1] as { content: string }).content, '42');
  assert.equal(fs.existsSync(path.join(dir, 'escape.txt')), false);
  assert.deepEqual(records.map((r) => [r.name, r.ok]).sort(), [['read_file', true], ['write_file', false], ['write_file', true]]);
  // The refusal reached the model's next prompt as a tool result it can read.
  const secondPrompt = JSON.stringify(model.doGenerateCalls[1].prompt);
  assert.match(secondPrompt, /paths must stay inside the workspace/);
});
