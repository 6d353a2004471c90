// Redis killed with -9 in the middle of a run and started again (its append-only file on, as
// production runs it): workers say intake is paused, refuse new tasks at once, and when Redis is
// back they finish everything — each task committed exactly once, in each agent's order.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { hasCode } from '../errors.ts';
import { newTask } from '../kernel/index.ts';
import { startScriptedServer } from '../models/index.ts';
import { report } from '../../test/support/harness.ts';
import { cleanups, git, inProcessWorker, makeRemote, noRedis, recordedTasks, startRedis, testOptions, until } from '../../test/support/cluster-harness.ts';
import { enqueueRemote } from './index.ts';

const AGENTS = ['alpha', 'beta'];
const PER_AGENT = 8;

test('Redis killed mid-run and restarted: intake pauses with a clear status, then every task commits once, in order', { skip: noRedis, timeout: 180_000 }, async (t) => {
  const defer = cleanups(t);
  const rs = await startRedis({ persist: true });
  defer(() => rs.stop());
  const fx = await makeRemote(AGENTS);
  defer(() => fx.cleanup());
  const server = await startScriptedServer({ format: 'openai', script: () => ({ delayMs: 100, then: report() }) });
  defer(() => server.close());
  const o = testOptions(rs.url, fx.remote, { lockDurationMs: 3000, redisTimeoutMs: 1000 });
  const w1 = await inProcessWorker(fx.workerDir(), server, o);
  const w2 = await inProcessWorker(fx.workerDir(), server, o);
  defer(() => Promise.all([w1.close(), w2.close()]));

  const expected = new Map(AGENTS.map((a) => [a, Array.from({ length: PER_AGENT }, (_, i) => `${a}-${i}`)]));
  for (let i = 0; i < PER_AGENT; i++) for (const a of AGENTS) await enqueueRemote(o, a, newTask({ task: `task ${i} for ${a}`, id: `${a}-${i}` }));
  const repo = (a: string) => path.join(fx.remote, 'agents', `${a}.git`);
  const recorded = async () => (await Promise.all(AGENTS.map((a) => recordedTasks(repo(a), a)))).flat().length;
  await until('a few tasks', async () => (await recorded()) >= 3, 60_000);

  await rs.kill();
  await until('both workers to pause intake', () => !w1.intake!.health.up && !w2.intake!.health.up);
  assert.match(w1.intake!.health.describe(), /^down since /);
  await assert.rejects(w1.runtime.enqueue('alpha', newTask({ task: 'while Redis is down' })), (e) => hasCode(e, 'REDIS_UNAVAILABLE'));
  const during = await recorded();
  await new Promise((r) => setTimeout(r, 1500));

  await rs.start();
  await until('both workers to resume', () => w1.intake!.health.up && w2.intake!.health.up, 30_000);
  await until('every task', async () => (await recorded()) === AGENTS.length * PER_AGENT, 120_000, 250);
  t.diagnostic(`${during} of ${AGENTS.length * PER_AGENT} tasks were committed when Redis went away`);
  for (const a of AGENTS) {
    assert.deepEqual(await recordedTasks(repo(a), a), expected.get(a), `${a}: each task once, in order`);
    await git(repo(a), 'fsck', '--no-progress');
  }
});
