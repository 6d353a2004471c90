// The intake against a real redis-server: queue.md drained by the agent's owner, `after:` across
// agents, the HTTP API of any worker as intake (with backpressure counted in Redis), and a stop
// that ends within its bounds even with Redis gone.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { newTask } from '../kernel/index.ts';
import { startScriptedServer, type Script, type ScriptedServer } from '../models/index.ts';
import { report, taskIdOf } from '../../test/support/harness.ts';
import { TEST_TOKEN } from '../../test/support/api.ts';
import { cleanups, git, inProcessWorker, makeRemote, noRedis, recordedTasks, startRedis, testOptions, until, type ClusterFixture, type RedisServer } from '../../test/support/cluster-harness.ts';
import { enqueueRemote, type ClusterOptions } from './index.ts';

interface Setup {
  fx: ClusterFixture;
  server: ScriptedServer;
  o: ClusterOptions;
  rs: RedisServer;
  defer: (fn: () => unknown) => void;
}

async function setup(t: TestContext, agents: string[], script: Script, over: Partial<ClusterOptions> = {}, depth?: number): Promise<Setup> {
  const defer = cleanups(t);
  const rs = await startRedis();
  defer(() => rs.stop());
  const fx = await makeRemote(agents, depth);
  defer(() => fx.cleanup());
  const server = await startScriptedServer({ format: 'openai', script });
  defer(() => server.close());
  return { fx, server, rs, defer, o: testOptions(rs.url, fx.remote, { lockDurationMs: 5000, ...over }) };
}

const repo = (fx: ClusterFixture, agent: string) => path.join(fx.remote, 'agents', `${agent}.git`);

test("queue.md stays an intake: the agent's owner drains it into BullMQ, a malformed block is set aside", { skip: noRedis, timeout: 120_000 }, async (t) => {
  const s = await setup(t, ['alpha'], () => report(), { drainIntervalMs: 300 });
  // A person appends to queue.md in their own clone and pushes, as with any git repository.
  const person = path.join(await mkdtemp(path.join(os.tmpdir(), 'agentos-person-')), 'alpha');
  s.defer(() => import('node:fs/promises').then((f) => f.rm(path.dirname(person), { recursive: true, force: true })));
  await git(os.tmpdir(), 'clone', '-q', repo(s.fx, 'alpha'), person);
  appendFileSync(path.join(person, 'queue.md'), [
    '', '## from-a-person', 'task: Summarise the release notes.', 'priority: high', 'created: 2026-01-01T00:00:00Z',
    '', '## also-mine', 'task: List the open issues.', 'created: 2026-01-01T00:00:01Z',
    '', '## broken block', 'task: [unclosed', '',
  ].join('\n'));
  await git(person, '-c', 'user.name=P', '-c', 'user.email=p@example.com', 'commit', '-qam', 'two tasks for alpha');
  await git(person, 'push', '-q', 'origin', 'HEAD:main');

  const w = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w.close());
  await until('both tasks committed', async () => (await recordedTasks(repo(s.fx, 'alpha'), 'alpha')).length === 2);
  assert.deepEqual(await recordedTasks(repo(s.fx, 'alpha'), 'alpha'), ['from-a-person', 'also-mine'], 'by priority, then age');
  // A malformed last block is held back while it may still be being written (2 s), then set aside.
  await until('the malformed block set aside', async () => /broken block/.test(await git(repo(s.fx, 'alpha'), 'show', 'main:queue.rejected.md').catch(() => '')));
  assert.doesNotMatch(await git(repo(s.fx, 'alpha'), 'show', 'main:queue.md'), /^## /m, 'queue.md holds no block any more');
  assert.match(await git(repo(s.fx, 'alpha'), 'log', '--format=%s', 'main'), /two tasks for alpha/, "the person's commit stays in history");
});

test('`after:` across agents waits for the other agent\'s commit, then runs', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const order: string[] = [];
  const s = await setup(t, ['alpha', 'beta'], (req) => {
    order.push(taskIdOf(req));
    return taskIdOf(req) === 'a-1' ? { delayMs: 1500, then: report() } : report();
  });
  const w1 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  const w2 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => Promise.all([w1.close(), w2.close()]));
  await enqueueRemote(s.o, 'beta', newTask({ task: 'use what alpha found', id: 'b-1', after: ['a-1'] }));
  await enqueueRemote(s.o, 'beta', newTask({ task: 'something else', id: 'b-2' }));
  await enqueueRemote(s.o, 'alpha', newTask({ task: 'find it', id: 'a-1' }));
  await until('b-1 committed', async () => (await recordedTasks(repo(s.fx, 'beta'), 'beta')).includes('b-1'));
  assert.ok(order.indexOf('b-1') > order.indexOf('a-1'), `b-1 ran after a-1 (${order.join(', ')})`);
  assert.deepEqual(await recordedTasks(repo(s.fx, 'beta'), 'beta'), ['b-2', 'b-1'], 'the waiting task stepped aside for the next one');
});

test("any worker's API is an intake: 201 into BullMQ, 429 past the depth counted in Redis, 409 for an id in the queue", { skip: noRedis, timeout: 120_000 }, async (t) => {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  const s = await setup(t, ['alpha'], async (req) => {
    if (taskIdOf(req) === 'first') await held;
    return report();
  }, {}, 2);
  const w = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w.close());
  s.defer(() => release());
  const post = (body: unknown) => w.app().request('/agents/alpha/tasks', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` }, body: JSON.stringify(body) });
  assert.equal((await post({ task: 'the first', id: 'first' })).status, 201);
  await until('the first task to run', () => s.server.requests.length === 1);
  assert.equal((await post({ task: 'the second', id: 'second' })).status, 201);
  const dup = await post({ task: 'again', id: 'second' });
  assert.equal(dup.status, 409, await dup.text());
  const full = await post({ task: 'the third', id: 'third' });
  assert.equal(full.status, 429, 'depth 2: one running, one waiting');
  assert.ok(full.headers.get('retry-after'));
  release();
  await until('both committed', async () => (await recordedTasks(repo(s.fx, 'alpha'), 'alpha')).length === 2);
  assert.deepEqual(await recordedTasks(repo(s.fx, 'alpha'), 'alpha'), ['first', 'second']);
});

test('with Redis gone, the API answers 503 at once and stop() still ends within its bounds', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const s = await setup(t, ['alpha'], () => report(), { redisTimeoutMs: 1000, stopGraceMs: 1000 });
  const w = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w.close());
  await s.rs.kill();
  await until('the worker to see Redis gone', () => w.intake!.health.up === false);
  const started = Date.now();
  const res = await w.app().request('/agents/alpha/tasks', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` }, body: JSON.stringify({ task: 'while Redis is down' }) });
  assert.equal(res.status, 503, await res.text());
  assert.ok(Date.now() - started < 3000, 'refused at once, not after a hang');
  const closing = w.close();
  assert.equal(w.close(), closing, 'close() twice is the same promise');
  await closing.catch(() => {}); // steps that need Redis fail (and are reported); the others run
  assert.equal(w.runtime.intake, w.intake);
});

test('a handoff from one agent becomes a job in the other agent\'s queue; its record reaches shared.git', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const s = await setup(t, ['alpha', 'beta'], (req) => {
    const r = report() as { json: Record<string, unknown> };
    return taskIdOf(req) === 'h-1' ? { json: { ...r.json, handoff: { to: 'beta', task: 'Write the tests for what alpha built.' } } } : r;
  });
  const w1 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  const w2 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => Promise.all([w1.close(), w2.close()]));
  await enqueueRemote(s.o, 'alpha', newTask({ task: 'Build the thing.', id: 'h-1' }));
  await until('the handed-over task committed on beta', async () => (await recordedTasks(repo(s.fx, 'beta'), 'beta')).some((id) => id.startsWith('handoff-')), 60_000);
  const [handed] = await recordedTasks(repo(s.fx, 'beta'), 'beta');
  assert.match(await git(repo(s.fx, 'beta'), 'log', '-1', '--format=%B', 'main'), /origin: alpha\/h-1/);
  await until('the handoff record in shared.git', async () => (await git(path.join(s.fx.remote, 'shared.git'), 'log', '--format=%s', 'main')).includes(`alpha(handoff): h-1 → beta/${handed}`), 30_000);
});

test('revert and rewind are refused on a cluster worker (its clone is reset to the remote before each task), with what to do instead', { skip: noRedis, timeout: 60_000 }, async (t) => {
  const s = await setup(t, ['alpha'], () => report());
  const w = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w.close());
  for (const attempt of [() => w.runtime.revert('alpha', 'some-task'), () => w.runtime.rewind('alpha', 'some-task')]) {
    await assert.rejects(attempt(), (e: Error & { code?: string }) => e.code === 'UNAVAILABLE' && /cluster worker/.test(e.message) && /push/.test(e.message));
  }
});

test('after: on a task another agent dead-lettered is never met: the waiting task is dead-lettered too, saying why', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const s = await setup(t, ['alpha', 'beta'], (req) => (taskIdOf(req) === 'broken' ? { status: 400, body: { error: { message: 'scripted: bad request' } } } : report()));
  const w = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w.close());
  await enqueueRemote(s.o, 'alpha', newTask({ task: 'This one fails.', id: 'broken' }));
  await enqueueRemote(s.o, 'beta', newTask({ task: 'Runs after broken.', id: 'needs-broken', after: ['broken'] }));
  const subjects = async (agent: string) => (await git(repo(s.fx, agent), 'log', '--format=%s', 'main')).split('\n');
  await until('both dead-lettered', async () => (await subjects('alpha')).includes('alpha(dead-letter): broken') && (await subjects('beta')).includes('beta(dead-letter): needs-broken'), 60_000);
  assert.deepEqual(await recordedTasks(repo(s.fx, 'beta'), 'beta'), ['needs-broken'], 'recorded once, as a dead letter');
  assert.match(await git(repo(s.fx, 'beta'), 'show', 'main:iac/dead_letters/needs-broken.md'), /after: waits for "broken", which was dead-lettered and will never complete/);
});
