// The intake port from the kernel's side, with an in-memory intake (no Redis): submitted tasks go
// to the intake, never to queue.md; a claimed task runs exactly once (its id in history is
// "done-before"); afterCommit sees the commit before anyone else; a withdrawn claim never commits.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startScriptedServer } from '../models/index.ts';
import { silentLogger } from '../telemetry/index.ts';
import { modelSettings, report, taskIdOf, tempDataDir } from '../../test/support/harness.ts';
import { MemoryIntake } from '../../test/support/memory-intake.ts';
import { Runtime } from './index.ts';

async function withRuntime(script: Parameters<typeof startScriptedServer>[0]['script'], fn: (rt: Runtime, intake: MemoryIntake, dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDataDir();
  const server = await startScriptedServer({ format: 'openai', script });
  let intake: MemoryIntake | undefined;
  const rt = await Runtime.open({ dataDir: dir, model: modelSettings(server, { maxAttempts: 1 }), log: silentLogger(), pollIntervalMs: 60_000, intake: (host) => (intake = new MemoryIntake(host)) });
  try {
    await fn(rt, intake!, dir);
  } finally {
    await rt.stop();
    await server.close();
    cleanup();
  }
}

test('with an intake, tasks go to it and queue.md is never drained by the runtime itself', async () => {
  await withRuntime(() => report(), async (rt, intake, dir) => {
    await rt.start();
    assert.equal(intake.started, true);
    await rt.enqueue('orion', { id: 'via-api', task: 'from the API' });
    assert.deepEqual(intake.submitted.map((s) => s.task.id), ['via-api']);
    appendFileSync(path.join(dir, 'agents', 'orion', 'queue.md'), '\n## by-hand\ntask: appended by a person\ncreated: 2026-01-01T00:00:00Z\n');
    rt.wakeAll();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(rt.worker('orion').stats.completed, 0, 'no task ran outside a claim');
    assert.deepEqual((await rt.worker('orion').queued()).map((t) => t.id), ['by-hand'], "queue.md's tasks are there for the intake to drain");
  });
});

test('a claimed task commits once; claimed again it is done-before; afterCommit runs before the completion event', async () => {
  await withRuntime(() => report(), async (rt, intake) => {
    const seen: string[] = [];
    rt.events.on('event', (e) => e.type === 'task.completed' && seen.push('completed'));
    const first = await intake.claim('orion', { id: 'c-1', task: 'claimed task' }, { hooks: { afterCommit: async (sha) => void seen.push(`pushed ${sha.slice(0, 7)}`) } });
    assert.equal(first.kind, 'committed');
    assert.deepEqual(seen, [`pushed ${first.kind === 'committed' ? first.commit.slice(0, 7) : ''}`, 'completed']);
    const again = await intake.claim('orion', { id: 'c-1', task: 'claimed task' });
    assert.equal(again.kind, 'done-before');
    const subjects = await rt.worker('orion').ctx.git.subjects();
    assert.equal(subjects.filter((s) => s === 'orion(task): c-1').length, 1);
  });
});

test('a claim withdrawn while the model answers never commits (the lease-lost path)', async () => {
  const ac = new AbortController();
  await withRuntime((req) => {
    if (taskIdOf(req) === 'w-1') setTimeout(() => ac.abort(new Error('lease lost')), 10);
    return { delayMs: 200, then: report() };
  }, async (rt, intake) => {
    await assert.rejects(intake.claim('orion', { id: 'w-1', task: 'a task whose claim is withdrawn' }, { signal: ac.signal }));
    const subjects = await rt.worker('orion').ctx.git.subjects();
    assert.ok(!subjects.some((s) => s.includes('w-1')), 'nothing committed');
    assert.equal(rt.worker('orion').ctx.done.has('w-1'), false);
  });
});

test('a model that cannot answer dead-letters the claimed task in one commit; a spent attempt count does too', async () => {
  await withRuntime(() => ({ status: 400 }), async (rt, intake) => {
    const out = await intake.claim('orion', { id: 'bad-1', task: 'the model refuses this' });
    assert.equal(out.kind, 'dead-lettered');
    const commit = await intake.host.deadLetter('orion', { id: 'bad-2', task: 'failed three times', priority: 'normal', created: '', line: 0 }, { kind: 'runtime-error', reason: 'boom', attempts: 3 }, new AbortController().signal);
    assert.match(commit, /^[0-9a-f]{40}$/);
    const subjects = await rt.worker('orion').ctx.git.subjects();
    assert.ok(subjects.includes('orion(dead-letter): bad-1') && subjects.includes('orion(dead-letter): bad-2'));
    assert.equal(intake.host.isDone('orion', 'bad-2'), true);
  });
});

test('stop() closes the intake once, as its first step', async () => {
  await withRuntime(() => report(), async (rt, intake) => {
    await Promise.all([rt.stop(), rt.stop()]);
    assert.equal(intake.closed, 1);
  });
});

