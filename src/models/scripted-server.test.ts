// The scripted server itself, spoken to with plain fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startScriptedServer } from './scripted-server.ts';
import type { ScriptRequest } from './scripted-server.ts';

async function post(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}

test('openai format: tool-call turn, decoded request, usage, both paths', async () => {
  const seen: ScriptRequest[] = [];
  const server = await startScriptedServer({
    format: 'openai',
    script: (req) => {
      seen.push(req);
      return { toolCalls: [{ name: 'search', args: { q: 'x' } }] };
    },
  });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const body = {
      model: 'm',
      messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hello' }],
      tools: [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }],
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' } } },
    };
    const res = await post(`${server.url}/chat/completions`, body);
    assert.equal(res.status, 200);
    const json: any = await res.json();
    assert.equal(json.choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(JSON.parse(json.choices[0].message.tool_calls[0].function.arguments), { q: 'x' });
    assert.ok(json.usage.prompt_tokens > 0 && json.usage.completion_tokens > 0);
    assert.equal(seen[0].system, 'sys');
    assert.deepEqual(seen[0].tools.map((t) => t.name), ['search']);
    assert.deepEqual(seen[0].responseFormat, { type: 'json_schema', schema: { type: 'object' } });
    const bare = await post(server.url.replace(/\/v1$/, '/chat/completions'), body);
    assert.equal(bare.status, 200);
    assert.deepEqual(server.requests.map((r) => r.path), ['/v1/chat/completions', '/chat/completions']);
  } finally {
    await server.close();
  }
});

test('anthropic format: text reply, system and tool results decoded', async () => {
  let seen: ScriptRequest | undefined;
  const server = await startScriptedServer({
    format: 'anthropic',
    script: (req) => {
      seen = req;
      return { text: 'done' };
    },
  });
  try {
    const res = await post(`${server.url}/messages`, {
      model: 'claude-x',
      system: [{ type: 'text', text: 'be kind' }],
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'look', input: { a: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'found it' }] },
      ],
    });
    const json: any = await res.json();
    assert.equal(json.type, 'message');
    assert.deepEqual(json.content, [{ type: 'text', text: 'done' }]);
    assert.equal(json.stop_reason, 'end_turn');
    assert.ok(json.usage.input_tokens > 0);
    assert.equal(seen?.system, 'be kind');
    assert.deepEqual(seen?.messages.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.deepEqual(seen?.messages[1].toolCalls, [{ name: 'look', args: { a: 1 } }]);
    assert.equal(seen?.messages[2].text, 'found it');
  } finally {
    await server.close();
  }
});

test('faults: HTTP status with headers, unknown route, streaming refused, script errors', async () => {
  const server = await startScriptedServer({
    format: 'openai',
    script: (req) => {
      if (req.index === 0) return { status: 429, headers: { 'retry-after': '7' } };
      throw new Error('script broke');
    },
  });
  try {
    const limited = await post(`${server.url}/chat/completions`, { messages: [] });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.match(((await limited.json()) as any).error.message, /scripted fault/);
    assert.equal((await post(`${server.url}/embeddings`, {})).status, 404);
    assert.equal((await post(`${server.url}/chat/completions`, { stream: true, messages: [] })).status, 400);
    const broken = await post(`${server.url}/chat/completions`, { messages: [] });
    assert.equal(broken.status, 500);
    assert.match(((await broken.json()) as any).error.message, /script threw: script broke/);
  } finally {
    await server.close();
  }
});

test('close() ends a hanging request instead of waiting for it', async () => {
  const server = await startScriptedServer({ format: 'openai', script: () => ({ hang: true }) });
  const pending = post(`${server.url}/chat/completions`, { messages: [] }).then(
    () => 'answered',
    () => 'connection closed',
  );
  while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  await server.close();
  assert.equal(await pending, 'connection closed');
});
