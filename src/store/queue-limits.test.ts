// Bounds on queue.md blocks: size, keys, task length, and the field rules that used to let a
// task wait forever (ttl that never passes, after: on itself). Each test is bounded by a timeout:
// a quadratic path (yaml's pairwise unique-key check on 100k keys took minutes) fails it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueue, serializeTask } from './queue-codec.ts';
import { InvalidTaskError } from './errors.ts';
import type { QueueLimits } from './queue-fields.ts';

const big: QueueLimits = { maxTaskBytes: 64 * 1024 * 1024, maxBlockBytes: 64 * 1024 * 1024, maxBlockKeys: 64, afterGraceMs: 0 };

test('a block over the block size limit is rejected with the size, the limit and the key to raise', { timeout: 10_000 }, () => {
  const text = `## huge\ntask: ${'x'.repeat(200 * 1024)}\n\n## small\ntask: ok\n`;
  const q = parseQueue(text);
  assert.deepEqual(q.tasks.map((t) => t.id), ['small']);
  assert.equal(q.rejected.length, 1);
  assert.match(q.rejected[0].reason, /^line 1: task "huge" is a 201 KiB block, over the limit of 128 KiB per block \(queue\.max_block_kb in agents\.yaml\)/);
  assert.equal(q.rejected[0].raw.length, text.indexOf('## small'), 'the whole block is kept for queue.rejected.md');
});

test('a task text over 64 KiB is rejected (as the API refuses it); the serializer refuses to write one', { timeout: 10_000 }, () => {
  const q = parseQueue(`## long\ntask: ${'word '.repeat(14_000)}\n`);
  assert.equal(q.tasks.length, 0);
  assert.match(q.rejected[0].reason, /line 2: task is 69 KiB, over the limit of 64 KiB \(queue\.max_task_kb in agents\.yaml\)/);
  assert.throws(() => serializeTask({ id: 'long', task: 'x'.repeat(70_000) }), InvalidTaskError);
  // A raised limit lets it through.
  assert.equal(parseQueue(`## long\ntask: ${'word '.repeat(14_000)}\n`, { limits: { ...big } }).tasks.length, 1);
});

test('a block with 100k keys is rejected quickly with the reason (no quadratic path)', { timeout: 20_000 }, () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n');
  // Under the default block size the size check refuses it before any parsing.
  assert.match(parseQueue(`## keys\ntask: t\n${keys(100_000)}\n`).rejected[0].reason, /over the limit of 128 KiB per block/);
  // With the size limit raised, the key count refuses it, in one pass (yaml's own pairwise check took minutes).
  const q = parseQueue(`## keys\ntask: t\n${keys(40_000)}\n`, { limits: big });
  assert.equal(q.tasks.length, 0);
  assert.match(q.rejected[0].reason, /^line \d+: more than 64 keys \(queue\.max_block_keys in agents\.yaml\) in task "keys"$/);
  // Flow mappings and nested maps count too.
  const flow = `## flow\ntask: t\nextra: {${Array.from({ length: 20_000 }, (_, i) => `a${i}: 1`).join(', ')}}\n`;
  assert.match(parseQueue(flow, { limits: big }).rejected[0].reason, /more than 64 keys/);
});

test('duplicate keys are found in one pass, with the line', { timeout: 10_000 }, () => {
  const q = parseQueue('## dup\ntask: a\npriority: high\ntask: b\n');
  assert.equal(q.tasks.length, 0);
  assert.match(q.rejected[0].reason, /^line 4: duplicate key "task" in task "dup"$/);
  assert.match(parseQueue('## dup2\ntask: a\nextra:\n  x: 1\n  x: 2\n').rejected[0].reason, /^line 5: duplicate key "x"/);
});

test('ttl must be a positive duration: forever, -5m, 0 and nonsense are rejected; valid ones pass', () => {
  for (const bad of ['forever', '-5m', '0', '0s', '"10 minutes"', '.5m', '[1]', 'NaN']) {
    const q = parseQueue(`## t\ntask: x\nttl: ${bad}\n`);
    assert.equal(q.tasks.length, 0, bad);
    assert.match(q.rejected[0].reason, /ttl must be a positive number of seconds or a duration such as 90s, 10m, 2h, 1d/, bad);
  }
  for (const good of ['90', '90s', '10m', '2h', '1d', '1.5h', '250ms']) assert.equal(parseQueue(`## t\ntask: x\nttl: ${good}\n`).tasks.length, 1, good);
  assert.throws(() => serializeTask({ id: 't', task: 'x', ttl: 'forever' }), /ttl must be a positive/);
  assert.throws(() => serializeTask({ id: 't', task: 'x', ttl: -300 }), /ttl must be a positive/);
});

test('after: naming the task itself is rejected: it would wait forever', () => {
  const q = parseQueue('## self\ntask: x\nafter: [other, self]\n');
  assert.equal(q.tasks.length, 0);
  assert.match(q.rejected[0].reason, /^line 3: after names the task itself \("self"\): it would wait forever; remove it \(task "self"\)$/);
  assert.throws(() => serializeTask({ id: 'me', task: 'x', after: ['me'] }), /after names the task itself/);
});
