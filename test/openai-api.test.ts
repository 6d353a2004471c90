// Agents as OpenAI-compatible models, used as a user would: the official `openai` client against a
// real listening daemon over a scripted model. Models, chat, streams, bad model names, tokens.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import OpenAI from 'openai';
import { Git } from '../src/store/index.ts';
import type { ScriptRequest } from '../src/models/index.ts';
import { TEST_READ_TOKEN, TEST_TOKEN } from './support/api.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startDaemon } from './support/reach-harness.ts';

const TWO_AGENTS = `agents:
  - name: orion
    persona: "Backend engineer. Terse."
    domain: "Backend engineering"
  - name: vega
    persona: "Researcher."
    domain: "Research"
`;

const userText = (req: ScriptRequest) => req.messages.filter((m) => m.role === 'user').map((m) => m.text).join('\n');

/** The ledger's task line for `task` (what usage must come from). */
function ledgerTaskLine(dir: string, agent: string, task: string): { input: number; output: number } {
  const root = path.join(dir, 'agents', agent, 'ledger');
  for (const day of readdirSync(root)) {
    for (const f of readdirSync(path.join(root, day))) {
      for (const line of readFileSync(path.join(root, day, f), 'utf8').split('\n').filter(Boolean)) {
        const l = JSON.parse(line);
        if (l.kind === 'task' && l.task === task) return l;
      }
    }
  }
  throw new Error(`no ledger task line for ${task}`);
}

test('the openai client: list and retrieve models, chat, stream, a bad model name, tokens', { timeout: 60_000 }, async (t) => {
  const seen: ScriptRequest[] = [];
  const d = await startDaemon({
    agentsYaml: TWO_AGENTS,
    script: (req) => {
      seen.push(req);
      const id = taskIdOf(req);
      return { ...report({ response: `Answer to ${id}: use cursor pagination.\n\n\nKeep pages small.` }), usage: { inputTokens: 321, outputTokens: 54 } };
    },
  });
  t.after(() => d.close());
  const client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: TEST_TOKEN, maxRetries: 0 });

  // Models: the agents, in OpenAI's list shape.
  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id).sort(), ['orion', 'vega']);
  for (const m of models.data) {
    assert.equal(m.object, 'model');
    assert.equal(m.owned_by, 'agentos');
    assert.ok(m.created > 1_600_000_000 && m.created <= Date.now() / 1000 + 1, `created is a Unix time: ${m.created}`);
  }
  assert.equal((await client.models.retrieve('vega')).id, 'vega');

  // A chat: the last user message is the task, earlier turns ride along; unknown fields are accepted.
  const { data: chat, response } = await client.chat.completions.create({
    model: 'orion', temperature: 0.2, max_tokens: 100,
    messages: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'What is our API style?' },
      { role: 'assistant', content: 'REST with JSON.' },
      { role: 'user', content: [{ type: 'text', text: 'How should we paginate the orders list?' }] },
    ],
  }).withResponse();
  const task = response.headers.get('x-agentos-task')!;
  assert.ok(task, 'the task id is in a header');
  assert.equal(response.headers.get('x-agentos-ignored'), 'temperature, max_tokens');
  assert.equal(chat.object, 'chat.completion');
  assert.equal(chat.id, `chatcmpl-${task}`);
  assert.equal(chat.model, 'orion');
  assert.equal(chat.choices.length, 1);
  assert.equal(chat.choices[0].finish_reason, 'stop');
  assert.equal(chat.choices[0].message.role, 'assistant');
  assert.equal(chat.choices[0].message.content, `Answer to ${task}: use cursor pagination.\n\n\nKeep pages small.`, 'the whole answer, blank lines kept');
  const line = ledgerTaskLine(d.dir, 'orion', task);
  assert.deepEqual(chat.usage, { prompt_tokens: line.input, completion_tokens: line.output, total_tokens: line.input + line.output });
  assert.equal(line.input, 321, 'usage is the ledger\'s (the scripted model reported 321 tokens in)');
  const prompt = userText(seen.find((r) => taskIdOf(r) === task)!);
  assert.match(prompt, /How should we paginate the orders list\?/);
  assert.match(prompt, /Earlier in this conversation \(3 messages, oldest first\)[\s\S]*\[system \(from the client\)\] Answer briefly\.[\s\S]*\[user\] What is our API style\?[\s\S]*\[assistant\] REST with JSON\./);
  const git = new Git(path.join(d.dir, 'agents', 'orion'));
  assert.ok((await git.subjects()).includes(`orion(task): ${task}`), 'the full pipeline committed the task');
  assert.equal((chat as unknown as { agentos: { status: string; commit: string } }).agentos.status, 'completed');

  // A stream: the role first, then the content, then finish_reason, then usage, then [DONE].
  const stream = await client.chat.completions.create({ model: 'vega', messages: [{ role: 'user', content: 'Find papers on retrieval.' }], stream: true, stream_options: { include_usage: true } });
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const streamedTask = chunks[0].id.replace(/^chatcmpl-/, '');
  const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
  assert.equal(content, `Answer to ${streamedTask}: use cursor pagination.\n\n\nKeep pages small.`);
  const finishes = chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean);
  assert.deepEqual(finishes, ['stop']);
  const last = chunks[chunks.length - 1];
  assert.equal(last.choices.length, 0);
  assert.equal(last.usage?.prompt_tokens, 321);
  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'vega'));

  // A bad model name: 404 model_not_found, the client's NotFoundError.
  await assert.rejects(client.chat.completions.create({ model: 'nobody', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.NotFoundError, String(e));
    assert.equal(e.status, 404);
    assert.equal(e.code, 'model_not_found');
    assert.equal(e.param, 'model');
    assert.match(e.message, /"nobody" does not exist.*orion, vega/);
    return true;
  });
  await assert.rejects(client.models.retrieve('nobody'), OpenAI.NotFoundError);

  // A wrong token, and none at all: 401 AuthenticationError, nothing queued.
  const before = (await git.subjects()).length;
  const wrong = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'not-the-token-0123456789abcdefghijklmnop', maxRetries: 0 });
  await assert.rejects(wrong.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.AuthenticationError, String(e));
    assert.equal(e.code, 'invalid_api_key');
    return true;
  });
  const none = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { Authorization: null } });
  await assert.rejects(none.models.list(), (e: unknown) => {
    assert.ok(e instanceof OpenAI.AuthenticationError, String(e));
    assert.equal(e.code, 'missing_api_key');
    assert.match(e.message, /send Authorization: Bearer <token>/);
    return true;
  });

  // The read-only token may list models, not chat (a chat queues a task).
  const reader = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: TEST_READ_TOKEN, maxRetries: 0 });
  assert.equal((await reader.models.list()).data.length, 2);
  await assert.rejects(reader.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.PermissionDeniedError, String(e));
    assert.equal(e.code, 'insufficient_permissions');
    return true;
  });
  assert.equal((await git.subjects()).length, before, 'no refused request queued a task');
  assert.doesNotMatch(readFileSync(path.join(d.dir, 'agents', 'orion', 'queue.md'), 'utf8'), /^## /m);
});
