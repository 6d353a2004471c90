// Leases against a real redis-server (habit 7): a worker that walks away loses its lease and
// another completes the task exactly once; a lease is renewed through a long model call; a lost
// lease cancels the task before its commit. Short clocks, a fresh key prefix per test.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { newTask } from '../kernel/index.ts';
import { startScriptedServer, type Script, type ScriptedServer } from '../models/index.ts';
import { report, taskIdOf } from '../../test/support/harness.ts';
import { cleanups, git, inProcessWorker, makeRemote, noRedis, recordedTasks, startRedis, testOptions, until, type ClusterFixture } from '../../test/support/cluster-harness.ts';
import { enqueueRemote, type ClusterOptions } from './index.ts';
import { keys, queueName } from './keys.ts';

function gate(): { open: () => void; wait: Promise<void> } {
  let open = () => {};
  const wait = new Promise<void>((r) => (open = r));
  return { open, wait };
}

interface Setup {
  fx: ClusterFixture;
  server: ScriptedServer;
  o: ClusterOptions;
  defer: (fn: () => unknown) => void;
  /** A client of the test's own, for looking at locks and jobs. */
  redis: Redis;
  queue: Queue;
}

async function setup(t: TestContext, script: Script, leaseMs: number): Promise<Setup> {
  const defer = cleanups(t);
  const rs = await startRedis();
  defer(() => rs.stop());
  const fx = await makeRemote(['alpha']);
  defer(() => fx.cleanup());
  const server = await startScriptedServer({ format: 'openai', script });
  defer(() => server.close());
  const o = testOptions(rs.url, fx.remote, { lockDurationMs: leaseMs });
  const redis = new Redis(rs.url);
  redis.on('error', () => {});
  defer(() => redis.disconnect());
  const queue = new Queue(queueName('alpha'), { connection: redis, prefix: o.prefix });
  defer(() => queue.close());
  return { fx, server, o, defer, redis, queue };
}

const remoteRepo = (fx: ClusterFixture) => path.join(fx.remote, 'agents', 'alpha.git');
const requestsFor = (server: ScriptedServer, id: string) => server.requests.filter((r) => JSON.stringify(r.body).includes(`# Task ${id}`)).length;
const completed = (q: Queue, id: string) => async () => (await q.getJob(id))?.finishedOn !== undefined;

test('stall and reclaim: a worker that walks away loses its lease; another completes the task once, in one commit', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const held = gate();
  let first = true;
  const s = await setup(t, async (req) => {
    if (taskIdOf(req) === 'slow-1' && first) {
      first = false;
      await held.wait; // the first worker's call, answered only after the second worker committed
    }
    return report();
  }, 2000);
  const w1 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w1.close());
  s.defer(() => held.open());
  await enqueueRemote(s.o, 'alpha', newTask({ task: 'a slow task', id: 'slow-1' }));
  await until('the first worker to call the model', () => requestsFor(s.server, 'slow-1') === 1);
  await w1.intake!.close({ abandon: true }); // walks away holding the lease: no renewals from here

  const w2 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w2.close());
  await until('the second worker to commit the task', async () => (await recordedTasks(remoteRepo(s.fx), 'alpha')).includes('slow-1'));
  await until('the job to complete', completed(s.queue, 'slow-1'));
  assert.ok(((await s.queue.getJob('slow-1'))?.stalledCounter ?? 0) >= 1, 'taken back after the first lease expired');

  // The first worker wakes up and commits too: its push loses the race, it keeps the remote's.
  held.open();
  const local = path.join(w1.runtime.opts.dataDir, 'agents', 'alpha');
  await until('the first worker to drop its copy', async () => requestsFor(s.server, 'slow-1') === 2 && (await git(local, 'rev-parse', 'HEAD')) === (await git(remoteRepo(s.fx), 'rev-parse', 'main')));
  assert.deepEqual(await recordedTasks(remoteRepo(s.fx), 'alpha'), ['slow-1'], 'exactly one commit for the task');
  await git(remoteRepo(s.fx), 'fsck', '--no-progress');
});

test('a lease is renewed through a long model call: nobody else takes the task', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const s = await setup(t, (req) => (taskIdOf(req) === 'long-1' ? { delayMs: 5000, then: report() } : report()), 1200);
  const w1 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  const w2 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => Promise.all([w1.close(), w2.close()]));
  await enqueueRemote(s.o, 'alpha', newTask({ task: 'a long task', id: 'long-1' }));
  await until('the model call', () => requestsFor(s.server, 'long-1') === 1);
  const lock = keys.lock(s.o.prefix, 'alpha', 'long-1');
  const holder = await s.redis.get(lock);
  assert.ok(holder, 'the lease exists while the task runs');
  // Four lease lengths later the same holder still has it: renewed, never expired.
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    await new Promise((res) => setTimeout(res, 500));
    const now = await s.redis.get(lock);
    if (now === null) break; // the task finished
    seen.add(now);
  }
  assert.deepEqual([...seen], [holder], 'one holder all along');
  await until('the job to complete', completed(s.queue, 'long-1'));
  assert.equal((await s.queue.getJob('long-1'))?.stalledCounter, 0, 'never stalled');
  assert.equal(requestsFor(s.server, 'long-1'), 1, 'run once, on one worker');
  assert.deepEqual(await recordedTasks(remoteRepo(s.fx), 'alpha'), ['long-1']);
});

test('a lost lease cancels the task before its commit; the task runs again and commits once', { skip: noRedis, timeout: 120_000 }, async (t) => {
  const s = await setup(t, (req) => (taskIdOf(req) === 'lost-1' && first() ? { delayMs: 3000, then: report() } : report()), 1200);
  let calls = 0;
  function first(): boolean {
    return ++calls === 1;
  }
  const w1 = await inProcessWorker(s.fx.workerDir(), s.server, s.o);
  s.defer(() => w1.close());
  await enqueueRemote(s.o, 'alpha', newTask({ task: 'a task whose lease is stolen', id: 'lost-1' }));
  await until('the model call', () => requestsFor(s.server, 'lost-1') === 1);
  // Someone else's token on the lock: the next renewal fails (compare-and-set on the token).
  await s.redis.set(keys.lock(s.o.prefix, 'alpha', 'lost-1'), 'another-worker:1', 'PX', 8000);
  const local = path.join(w1.runtime.opts.dataDir, 'agents', 'alpha');
  // Past the moment the model would have answered (3 s), before the stolen lock expires (8 s).
  await new Promise((res) => setTimeout(res, 4000));
  assert.deepEqual(await recordedTasks(local, 'alpha'), [], 'nothing committed locally');
  assert.deepEqual(await recordedTasks(remoteRepo(s.fx), 'alpha'), [], 'nothing pushed');
  // The stolen lock expires; the stalled check puts the task back and it runs to its one commit.
  await until('the job to complete', completed(s.queue, 'lost-1'), 60_000);
  assert.deepEqual(await recordedTasks(remoteRepo(s.fx), 'alpha'), ['lost-1']);
  assert.equal(requestsFor(s.server, 'lost-1'), 2, 'cancelled once, then run to the end');
});
