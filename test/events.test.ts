// GET /events end to end: a real daemon, real HTTP, the events of real tasks (queued, started,
// model calls, tool calls, approvals, committed, dead-lettered), resume with Last-Event-ID, the
// client bound, and `agentos watch` following the same stream in a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ScriptRequest } from '../src/models/index.ts';
import { dataDirWith } from './support/act-harness.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startObserved } from './support/observe-harness.ts';
import { openStream } from './support/sse-client.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'agentos.js');
const YAML = 'agents:\n  - name: orion\n    persona: "Backend engineer."\n    human_review_points: [write_file]\n  - name: lex\n    persona: "Reviewer."\n';
const SECRET_TEXT = 'the quarterly numbers are 1234567 and must stay private';

function script(req: ScriptRequest) {
  const id = taskIdOf(req);
  const tools = req.messages.filter((m) => m.role === 'tool').length;
  if (id === 'bad') return { status: 400, body: { error: { message: 'no such model' } } };
  if (id === 'tool' && tools === 0) return { toolCalls: [{ name: 'list_files', args: {} }] };
  if (id === 'gated' && tools === 0) return { toolCalls: [{ name: 'write_file', args: { path: 'a.txt', content: 'x' } }] };
  return report();
}

test('task, model, tool and approval events stream live with ids; a client resumes with Last-Event-ID; events stay small', { timeout: 90_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const o = await startObserved(d.dir, script, { heartbeatMs: 200 });
  t.after(() => o.close());
  const auth = { Authorization: `Bearer ${o.token}` };

  assert.equal((await fetch(`${o.url}/events`)).status, 401, 'the stream needs the token');
  const s = await openStream(`${o.url}/events`, auth);
  t.after(() => s.close());
  assert.equal(s.res.status, 200);
  assert.match(s.res.headers.get('content-type') ?? '', /^text\/event-stream/);

  await o.daemon.runtime.enqueue('orion', { id: 'tool', task: `List the files, ${"and more words ".repeat(8)}then: ${SECRET_TEXT}`, priority: 'high', created: '2026-01-01T00:00:00Z' });
  await o.daemon.runtime.enqueue('orion', { id: 'gated', task: 'Write a.txt.', priority: 'normal', created: '2026-01-01T00:00:01Z' });
  await o.daemon.runtime.enqueue('lex', { id: 'bad', task: 'This one fails.', priority: 'normal', created: '2026-01-01T00:00:02Z' });
  await o.daemon.runtime.drain();

  const queued = await s.until((e) => e.type === 'task.queued' && e.task === 'tool');
  assert.ok(String(queued.title).length <= 80, 'the title is clipped');
  await s.until((e) => e.type === 'task.started' && e.task === 'tool');
  const call = await s.until((e) => e.type === 'model.call' && e.task === 'tool');
  assert.equal(call.ok, true);
  assert.equal(typeof call.inputTokens, 'number');
  const tool = await s.until((e) => e.type === 'tool.called' && e.task === 'tool');
  assert.equal(tool.tool, 'list_files');
  assert.equal(tool.ok, true);
  const done = await s.until((e) => e.type === 'task.completed' && e.task === 'tool');
  assert.match(String(done.commit), /^[0-9a-f]{40}$/);
  assert.equal(done.model, 'scripted');
  const waiting = await s.until((e) => e.type === 'approval.waiting' && e.task === 'gated');
  assert.equal(waiting.tool, 'write_file');
  await s.until((e) => e.type === 'task.paused' && e.task === 'gated');
  const dead = await s.until((e) => e.type === 'task.dead_lettered' && e.task === 'bad');
  assert.equal(dead.agent, 'lex');
  for (const e of s.events) {
    assert.ok(e.id, `${e.event} has an id`);
    assert.ok(!e.data.includes('1234567'), `no task text beyond the clipped title: ${e.data}`);
    assert.ok(e.data.length < 1200, `small: ${e.data.length} bytes`);
  }

  // Approve over HTTP: the decision and the resumed task are events too.
  const res = await o.get(`/approvals/${String(waiting.request)}/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 200);
  await s.until((e) => e.type === 'approval.decided' && e.decision === 'approved' && e.by === 'api');
  await s.until((e) => e.type === 'task.started' && e.task === 'gated' && e.resumed === true);
  await s.until((e) => e.type === 'task.completed' && e.task === 'gated');

  // A client that missed the last events resumes from the one it saw.
  const seenUpTo = s.events.findIndex((e) => e.json.type === 'approval.decided');
  const resumed = await openStream(`${o.url}/events`, { ...auth, 'Last-Event-ID': s.events[seenUpTo].id! });
  t.after(() => resumed.close());
  await resumed.until((e) => e.type === 'task.completed' && e.task === 'gated');
  assert.deepEqual(resumed.events.map((e) => e.id), s.events.slice(seenUpTo + 1, seenUpTo + 1 + resumed.events.length).map((e) => e.id));
  const viaQuery = await openStream(`${o.url}/events?last_event_id=${encodeURIComponent(s.events[seenUpTo].id!)}&agent=orion`, auth);
  t.after(() => viaQuery.close());
  await viaQuery.until((e) => e.type === 'task.completed' && e.task === 'gated');
  assert.ok(viaQuery.events.every((e) => e.json.agent === 'orion'));
  assert.equal((await o.get('/events?agent=nobody')).status, 404);

  // A block a person appends to queue.md is announced when the worker reads the queue.
  appendFileSync(path.join(d.dir, 'agents', 'lex', 'queue.md'), '\n## by-hand\ntask: Appended with cat >>.\npriority: low\ncreated: 2026-01-01T00:00:05Z\n');
  o.daemon.runtime.worker('lex').wake();
  const byHand = await s.until((e) => e.type === 'task.queued' && e.task === 'by-hand');
  assert.equal(byHand.source, 'file');
  assert.equal(byHand.priority, 'low');
  await s.until((e) => e.type === 'task.completed' && e.task === 'by-hand');
  assert.equal(s.events.filter((e) => e.json.type === 'task.queued' && e.json.task === 'by-hand').length, 1, 'announced once');
});

test('the client bound answers 503 and frees a slot when a client goes away', { timeout: 30_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const o = await startObserved(d.dir, script, { maxClients: 2 });
  t.after(() => o.close());
  const auth = { Authorization: `Bearer ${o.token}` };
  const a = await openStream(`${o.url}/events`, auth);
  const b = await openStream(`${o.url}/events`, auth);
  t.after(() => b.close());
  const full = await o.get('/events');
  assert.equal(full.status, 503);
  assert.equal(full.headers.get('retry-after'), '5');
  assert.match((await full.json() as { error: string }).error, /AGENTOS_EVENTS_MAX_CLIENTS/);
  a.close();
  for (let i = 0; i < 100 && o.hub.size > 1; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(o.hub.size, 1, 'a closed connection leaves the hub');
  const c = await openStream(`${o.url}/events`, auth);
  t.after(() => c.close());
  assert.equal(c.res.status, 200);
});

test('agentos watch follows the stream with the token from the environment and prints one line per event', { timeout: 60_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const o = await startObserved(d.dir, script);
  t.after(() => o.close());
  const child = spawn(process.execPath, [BIN, 'watch', '--url', o.url, '--agent', 'lex', '--quiet', '--count', '3', '--data', d.dir], { env: { ...process.env, AGENTOS_API_TOKEN: o.token } });
  let out = '';
  let errText = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (errText += b));
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  t.after(() => child.kill());
  for (let i = 0; i < 200 && o.hub.size === 0; i++) await new Promise((r) => setTimeout(r, 25));
  await o.daemon.runtime.enqueue('orion', { id: 'not-lex', task: 'Other agent.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await o.daemon.runtime.enqueue('lex', { id: 'review', task: 'Review clause 7 of the contract.', priority: 'normal', created: '2026-01-01T00:00:01Z' });
  await o.daemon.runtime.drain();
  assert.equal(await exited, 0, errText);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 3, out);
  assert.match(lines[0], /^\d\d:\d\d:\d\d lex\s+queued\s+review \(normal\): Review clause 7 of the contract\.$/);
  assert.match(lines[1], /lex\s+started\s+review/);
  assert.match(lines[2], /lex\s+committed review: reward \+1, audit \+1, scripted \(\S+\), \d+\.\d s, commit [0-9a-f]{8}/);
  assert.ok(!out.includes('not-lex'));

  const refused = spawn(process.execPath, [BIN, 'watch', '--url', o.url, '--token', 'wrong', '--data', d.dir]);
  let refusedErr = '';
  refused.stderr.on('data', (b) => (refusedErr += b));
  assert.equal(await new Promise((r) => refused.on('exit', r)), 1);
  assert.match(refusedErr, /refused the token \(401\)/);
});
