// Real HTTP: generateStructured through each AI SDK provider against the scripted servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tool } from 'ai';
import { z } from 'zod';
import type { ModelSettings, ProviderKind, StructuredMode } from '../config/index.ts';
import { generateStructured } from './generate.ts';
import { scriptedSettings, withServer } from './test-support.ts';
import type { Script, ScriptFormat } from './scripted-server.ts';

const Answer = z.object({ answer: z.string(), confidence: z.number() });
const good = { answer: 'forty-two', confidence: 0.9 };

const combos: [ScriptFormat, ProviderKind, string][] = [
  ['openai', 'openai-compatible', 'scripted-model'],
  ['openai', 'openai', 'gpt-scripted'],
  ['anthropic', 'anthropic', 'claude-sonnet-4-5'], // native structured output (output_config)
  ['anthropic', 'anthropic', 'scripted-model'], // the SDK's forced "json" tool
];

const expectedChannel: Record<string, string> = {
  'openai-compatible/scripted-model': 'response_format',
  'openai/gpt-scripted': 'response_format',
  'anthropic/claude-sonnet-4-5': 'output_config',
  'anthropic/scripted-model': 'json-tool',
};

/** How the request carried the schema, if it did. */
function schemaChannel(body: any): string {
  if (body.response_format?.type === 'json_schema') return 'response_format';
  if (body.output_config?.format?.type === 'json_schema') return 'output_config';
  if (body.tools?.some((t: any) => t.name === 'json')) return 'json-tool';
  return 'none';
}

for (const [format, provider, model] of combos) {
  for (const structured of ['json-schema', 'prompt'] as StructuredMode[]) {
    test(`${provider} (${model}) on the ${format}-format server, ${structured} mode: structured reply parsed`, async () => {
      await withServer(format, () => ({ json: good }), async (url, requests) => {
        const result = await generateStructured(settings(url, { provider, model, structured }), {
          system: 'You answer questions.',
          prompt: 'What is six times seven?',
          schema: Answer,
        });
        assert.deepEqual(result.value, good);
        assert.equal(result.model, model);
        assert.equal(result.steps, 1);
        assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0, JSON.stringify(result.usage));
        assert.deepEqual(result.calls.map((c) => [c.attempt, c.status]), [[1, 'ok']]);
        assert.equal(requests.length, 1);
        assert.notEqual(requests[0].body.stream, true);
        assert.equal(requests[0].body.max_tokens ?? requests[0].body.max_completion_tokens, 1000);
        assert.equal(schemaChannel(requests[0].body), structured === 'prompt' ? 'none' : expectedChannel[`${provider}/${model}`]);
      });
    });
  }
}

const settings = (baseURL: string, over: Partial<ModelSettings> = {}): ModelSettings => scriptedSettings(baseURL, 'sk-test-key-0123456789', over);

test('openai-compatible json-schema mode sends response_format json_schema with the schema', async () => {
  await withServer('openai', () => ({ json: good }), async (url, requests) => {
    await generateStructured(settings(url), { system: 's', prompt: 'p', schema: Answer });
    const rf = requests[0].body.response_format;
    assert.equal(rf.type, 'json_schema');
    assert.deepEqual(Object.keys(rf.json_schema.schema.properties).sort(), ['answer', 'confidence']);
    assert.equal(requests[0].headers.authorization, 'Bearer sk-test-key-0123456789');
  });
});

test('prompt mode puts the JSON Schema in the system prompt and reads fenced JSON in prose', async () => {
  const reply = `Let me think. The answer:\n\n\`\`\`json\n${JSON.stringify(good, null, 2)}\n\`\`\`\nAnything else?`;
  await withServer('openai', () => ({ text: reply }), async (url, requests) => {
    const result = await generateStructured(settings(url, { structured: 'prompt' }), { system: 'Be brief.', prompt: 'p', schema: Answer });
    assert.deepEqual(result.value, good);
    assert.equal(requests[0].body.response_format, undefined);
    const system = requests[0].body.messages.find((m: any) => m.role === 'system').content;
    assert.match(system, /^Be brief\./);
    assert.match(system, /JSON Schema/);
    assert.match(system, /"confidence"/);
  });
});

test('json-schema mode still accepts prose-wrapped JSON through the tolerant reader', async () => {
  await withServer('openai', () => ({ text: `Sure: ${JSON.stringify(good)} ok` }), async (url, requests) => {
    const result = await generateStructured(settings(url), { system: 's', prompt: 'p', schema: Answer });
    assert.deepEqual(result.value, good);
    assert.equal(requests.length, 1);
  });
});

for (const format of ['openai', 'anthropic'] as ScriptFormat[]) {
  test(`multi-step tool loop on the ${format}-format server: the tool runs, its result reaches the model`, async () => {
    const seen: string[] = [];
    const script: Script = (req) => {
      const toolResult = req.messages.find((m) => m.role === 'tool');
      if (!toolResult) return { toolCalls: [{ name: 'multiply', args: { a: 6, b: 7 } }] };
      return { json: { answer: toolResult.text, confidence: 1 } };
    };
    await withServer(format, script, async (url, requests) => {
      const result = await generateStructured(
        settings(url, { provider: format === 'openai' ? 'openai-compatible' : 'anthropic', model: 'claude-sonnet-4-5' }),
        {
          system: 's',
          prompt: 'Multiply 6 by 7 with the tool.',
          schema: Answer,
          maxSteps: 4,
          tools: {
            multiply: tool({
              description: 'multiply two numbers',
              inputSchema: z.object({ a: z.number(), b: z.number() }),
              execute: async ({ a, b }) => {
                seen.push(`${a}x${b}`);
                return a * b;
              },
            }),
          },
        },
      );
      assert.deepEqual(seen, ['6x7']);
      assert.deepEqual(result.value, { answer: '42', confidence: 1 });
      assert.equal(result.steps, 2);
      assert.equal(requests.length, 2);
      assert.deepEqual(result.toolCalls.map((t) => [t.name, t.ok]), [['multiply', true]]);
      assert.equal(result.calls.length, 2);
    });
  });
}

test('a transient fault at step 2 retries that request only: the tool is not re-run', async () => {
  let runs = 0;
  const script: Script = (req) => {
    if (req.index === 0) return { toolCalls: [{ name: 'note', args: {} }] };
    if (req.index === 1) return { status: 503 };
    return { json: good };
  };
  await withServer('openai', script, async (url, requests) => {
    const result = await generateStructured(
      settings(url),
      {
        system: 's',
        prompt: 'p',
        schema: Answer,
        tools: { note: tool({ inputSchema: z.object({}), execute: async () => ++runs }) },
      },
      { baseDelayMs: 1, maxDelayMs: 5 },
    );
    assert.deepEqual(result.value, good);
    assert.equal(runs, 1);
    assert.equal(requests.length, 3);
    assert.deepEqual(result.calls.map((c) => [c.attempt, c.status, c.statusCode]), [
      [1, 'ok', undefined],
      [1, 'error', 503],
      [2, 'ok', undefined],
    ]);
  });
});

test('a loop that is still calling tools at maxSteps gets one answer-only turn', async () => {
  const script: Script = (req) =>
    req.body.tool_choice === 'none' ? { json: good } : { toolCalls: [{ name: 'look', args: {} }] };
  await withServer('openai', script, async (url, requests) => {
    let looks = 0;
    const result = await generateStructured(settings(url), {
      system: 's',
      prompt: 'p',
      schema: Answer,
      maxSteps: 2,
      tools: { look: tool({ inputSchema: z.object({}), execute: async () => ++looks }) },
    });
    assert.deepEqual(result.value, good);
    assert.equal(looks, 2);
    assert.equal(requests.length, 3);
    assert.equal(requests[2].body.tool_choice, 'none');
    assert.match(requests[2].body.messages.at(-1).content, /stopped without a final answer/);
  });
});
