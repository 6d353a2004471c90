// How /v1/chat/completions ends when the task does not simply answer: a dead letter, a wait that
// runs out (the answer is found later), a client that goes away (the task still commits), a gated
// tool call (approval_required, both modes, then approved), and refusals in OpenAI's error shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';
import { Git } from '../src/store/index.ts';
import { sandboxHost } from '../src/tools/index.ts';
import type { ScriptRequest } from '../src/models/index.ts';
import { TEST_TOKEN } from './support/api.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startDaemon, type Daemon } from './support/reach-harness.ts';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const auth = { authorization: `Bearer ${TEST_TOKEN}` };
const chatBody = (content: string, extra: object = {}) => JSON.stringify({ model: 'orion', messages: [{ role: 'user', content }], ...extra });
const post = (d: Daemon, body: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${d.url}/v1/chat/completions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body, signal });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();
const subjects = (d: Daemon) => new Git(path.join(d.dir, 'agents', 'orion')).subjects();

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting: ${what}`);
}

test('a dead letter answers with its reason (finish_reason dead_lettered)', { timeout: 30_000 }, async (t) => {
  const d = await startDaemon({ script: () => ({ status: 400, body: { error: { message: 'scripted: this request is not valid' } } }) });
  t.after(() => d.close());
  const client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: TEST_TOKEN, maxRetries: 0 });
  const r = await client.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: 'Do the impossible.' }] });
  assert.equal(r.choices[0].finish_reason as string, 'dead_lettered');
  assert.match(r.choices[0].message.content!, /could not complete and was dead-lettered \(model-[a-z-]+\): .*400/);
  assert.match(r.choices[0].message.content!, /iac\/dead_letters\//);
  const task = r.id.replace(/^chatcmpl-/, '');
  assert.ok((await subjects(d)).includes(`orion(dead-letter): ${task}`));
});

test('a wait that runs out says where the answer will be; the task commits and the route has its answer', { timeout: 30_000 }, async (t) => {
  const d = await startDaemon({ reach: { waitMs: 300 }, script: () => ({ delayMs: 1500, then: report({ response: 'Slow but sure.' }) }) });
  t.after(() => d.close());
  const res = await post(d, chatBody('Take your time.'));
  assert.equal(res.status, 200);
  const body = await json(res);
  const task = res.headers.get('x-agentos-task')!;
  assert.equal(body.choices[0].finish_reason, 'still_running');
  assert.equal(body.agentos.status, 'running');
  assert.match(body.choices[0].message.content, new RegExp(`still running.*\\n.*GET /agents/orion/tasks/${task}`));
  await until('the task commits', async () => (await subjects(d)).includes(`orion(task): ${task}`));
  const later = await json(fetch(`${d.url}/agents/orion/tasks/${task}`, { headers: auth }));
  assert.equal(later.status, 'completed');
  assert.equal(later.answer, 'Slow but sure.');
  assert.ok(later.usage.input > 0);
});

test('a stream sends progress and keep-alives while the task runs; a client that goes away does not cancel it', { timeout: 30_000 }, async (t) => {
  const d = await startDaemon({ reach: { keepAliveMs: 100 }, script: (req) => ({ delayMs: taskIdOf(req) === 'leaves' ? 1500 : 700, then: report({ response: 'Streamed.' }) }) });
  t.after(() => d.close());
  const res = await post(d, chatBody('Stream it.', { stream: true }));
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const text = await res.text();
  const firstData = text.indexOf('data: ');
  assert.match(text.slice(firstData), /^data: \{[^\n]*"delta":\{"role":"assistant","content":""\}/, 'the role comes first');
  const content = text.indexOf('"content":"Streamed."');
  assert.ok(text.indexOf(': agentos task.started') > firstData && text.indexOf(': agentos task.started') < content, 'progress before the content');
  assert.ok(text.indexOf(': keep-alive') > 0 && text.indexOf(': keep-alive') < content, 'keep-alive comments while waiting');
  assert.match(text, /"finish_reason":"stop"[^\n]*\n\ndata: \[DONE\]\n\n$/);

  // The client leaves mid-stream; the task is committed all the same.
  const gone = new AbortController();
  const leaving = await post(d, chatBody('Leave early.', { stream: true, metadata: { task_id: 'leaves', priority: 'high' } }), {}, gone.signal);
  const reader = leaving.body!.getReader();
  await reader.read(); // the role chunk
  gone.abort();
  await until('the abandoned task commits', async () => (await subjects(d)).includes('orion(task): leaves'));
});

test('refusals under /v1/ take OpenAI\'s error shape with the right status and param', { timeout: 30_000 }, async (t) => {
  const d = await startDaemon({ script: () => report() });
  t.after(() => d.close());
  const cases: [string, Promise<Response>, number, string, string | null, RegExp][] = [
    ['bad JSON', post(d, '{nope'), 400, 'bad_request', null, /not valid JSON/],
    ['last from the assistant', post(d, JSON.stringify({ model: 'orion', messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] })), 400, 'bad_request', 'messages', /last message must come from the user/],
    ['an image', post(d, JSON.stringify({ model: 'orion', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x/y.png' } }] }] })), 400, 'bad_request', 'messages.0.content', /only text parts/],
    ['n: 2', post(d, chatBody('x', { n: 2 })), 400, 'bad_request', 'n', /one answer per task/],
    ['no messages', post(d, JSON.stringify({ model: 'orion', messages: [] })), 400, 'bad_request', 'messages', /at least one message/],
    ['a bad priority', post(d, chatBody('x', { metadata: { priority: 'urgent' } })), 400, 'bad_request', 'metadata', /priority/],
    ['not JSON', post(d, chatBody('x'), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type', null, /needs Content-Type: application\/json/],
    // In process: a socket may be hung up on before a client still writing reads the 413.
    ['too large', Promise.resolve(d.system.app().request('/v1/chat/completions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: chatBody('x'.repeat(1_100_000)) })), 413, 'request_too_large', null, /at most 1 MiB/],
    ['a foreign page', post(d, chatBody('x'), { origin: 'http://evil.example' }), 403, 'origin_refused', null, /refused/],
    ['no route', fetch(`${d.url}/v1/embeddings`, { headers: auth }), 404, 'unknown_url', null, /no route GET \/v1\/embeddings/],
  ];
  for (const [what, pending, status, code, param, message] of cases) {
    const res = await pending;
    assert.equal(res.status, status, what);
    const body = await json(res);
    assert.deepEqual(Object.keys(body), ['error'], what);
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type'], what);
    assert.equal(body.error.code, code, what);
    assert.equal(body.error.param, param, what);
    assert.match(body.error.message, message, what);
  }
  assert.deepEqual(await subjects(d), ['init: agent filesystem'], 'nothing refused was queued');
  // A task id chosen through metadata names one task for good.
  assert.equal((await post(d, chatBody('once', { metadata: { task_id: 'dup-1' } }))).status, 200);
  const dup = await post(d, chatBody('twice', { metadata: { task_id: 'dup-1' } }));
  assert.equal(dup.status, 409);
  assert.equal((await json(dup)).error.code, 'e_duplicate_task');
  // Outside /v1/ the API keeps its own shape.
  const plain = await json(fetch(`${d.url}/agents/nobody`, { headers: auth }));
  assert.equal(plain.code, 'UNKNOWN_AGENT');
});

test('a daemon that stops answers its waiting requests at once (still_running); the task stays queued', { timeout: 30_000 }, async (t) => {
  const d = await startDaemon({ model: { timeoutMs: 60_000 }, script: () => ({ delayMs: 8_000, then: report() }) });
  t.after(() => d.close());
  const plain = json(post(d, chatBody('Slow one.', { metadata: { task_id: 'slow-1' } })));
  const streamed = await post(d, chatBody('Slow two.', { stream: true, metadata: { task_id: 'slow-2' } }));
  const text = streamed.text();
  await until('a task is running', async () => d.system.runtime.worker('orion').busy);
  const started = Date.now();
  await d.system.close();
  assert.ok(Date.now() - started < 10_000, 'close did not wait for the model');
  const [a, b] = await Promise.all([plain, text]);
  assert.equal(a.choices[0].finish_reason, 'still_running');
  assert.match(b, /"finish_reason":"still_running"[\s\S]*data: \[DONE\]\n\n$/);
  const queue = readFileSync(path.join(d.dir, 'agents', 'orion', 'queue.md'), 'utf8');
  assert.match(queue, /^## slow-1$/m);
  assert.match(queue, /^## slow-2$/m);
});

const skip = sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`;

test('a gated tool call answers approval_required with the request and how to decide it; approved, the task commits', { skip, timeout: 60_000 }, async (t) => {
  const toolTexts = (req: ScriptRequest) => req.messages.filter((m) => m.role === 'tool').map((m) => m.text);
  const d = await startDaemon({
    tools: true,
    agentsYaml: 'agents:\n  - name: orion\n    persona: "Backend engineer."\n    human_review_points: [shell]\n',
    script: (req) => (toolTexts(req).length === 0 ? { toolCalls: [{ name: 'shell', args: { command: 'echo hi > hi.txt' } }] } : report({ response: 'Ran it.' })),
  });
  t.after(() => d.close());
  const client = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: TEST_TOKEN, maxRetries: 0 });
  const r = await client.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: 'Write hi.txt.' }] });
  assert.equal(r.choices[0].finish_reason as string, 'approval_required');
  const ext = (r as unknown as { agentos: { approvals: string[]; status: string } }).agentos;
  assert.equal(ext.status, 'paused');
  const [id] = ext.approvals;
  assert.match(r.choices[0].message.content!, new RegExp(`request ${id}: run shell .*echo hi.*agentos approve ${id}.*POST /approvals/${id}/approve`));

  const stream = await client.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: 'Write hi.txt again.' }], stream: true });
  let content = '';
  let finish: string | null = null;
  for await (const c of stream) {
    content += c.choices[0]?.delta.content ?? '';
    finish = c.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(finish, 'approval_required');
  assert.match(content, /waiting for a person's approval[\s\S]*agentos approve /);

  const task = r.id.replace(/^chatcmpl-/, '');
  const approved = await fetch(`${d.url}/approvals/${id}/approve`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
  assert.equal(approved.status, 200);
  await until('the approved task commits', async () => (await subjects(d)).includes(`orion(task): ${task}`));
  const later = await json(fetch(`${d.url}/agents/orion/tasks/${task}`, { headers: auth }));
  assert.equal(later.answer, 'Ran it.');
});
