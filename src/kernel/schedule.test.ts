import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueueTask } from '../store/index.ts';
import { isExpired, pickNext, ttlMs } from './schedule.ts';

const t = (id: string, over: Partial<QueueTask> = {}): QueueTask => ({ id, task: id, priority: 'normal', created: '2026-01-01T00:00:00Z', line: 1, ...over });

test('priority, then age, then file order; done ids and unmet dependencies are skipped', () => {
  const tasks = [t('late-high', { priority: 'high', created: '2026-01-02T00:00:00Z' }), t('low', { priority: 'low' }), t('early-high', { priority: 'high' }), t('dep', { priority: 'high', after: ['low'] }), t('old', { priority: 'high' })];
  const pick = pickNext(tasks, new Set(['old']));
  assert.equal(pick.next?.id, 'early-high');
  assert.deepEqual(pick.alreadyDone.map((x) => x.id), ['old']);
  assert.deepEqual(pick.waiting.map((w) => [w.task.id, w.on]), [['dep', ['low']]]);
  assert.equal(pickNext(tasks, new Set(['old', 'early-high', 'late-high', 'low'])).next?.id, 'dep');
});

test('ttl in seconds or with a unit; expiry from created', () => {
  assert.equal(ttlMs(30), 30_000);
  assert.equal(ttlMs('90s'), 90_000);
  assert.equal(ttlMs('10m'), 600_000);
  assert.equal(ttlMs('2h'), 7_200_000);
  assert.equal(ttlMs('soon'), undefined);
  const created = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(isExpired(t('a', { ttl: '1m' }), created + 59_000), false);
  assert.equal(isExpired(t('a', { ttl: '1m' }), created + 61_000), true);
  assert.equal(isExpired(t('a'), created + 1e12), false);
});

test('stuck tasks: an after: id nobody holds, and every task on a cycle; a dep queued, running or done is fine', async () => {
  const { stuckTasks } = await import('./schedule.ts');
  const queued = new Map<string, string[]>([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['x']], ['e', ['f']], ['f', []], ['g', ['run']], ['h', ['old']], ['i', ['d']]]);
  const waiting = [...queued].filter(([, after]) => after.length).map(([id, after]) => ({ task: t(id, { after }), on: after }));
  const stuck = stuckTasks(waiting, { queued, running: new Set(['run']), done: new Set(['old']) });
  const by = Object.fromEntries(stuck.map((s) => [s.task.id, s]));
  assert.deepEqual(Object.keys(by).sort(), ['a', 'b', 'c', 'd']);
  assert.match(by.a.reason, /^after: forms a cycle \(a → b → c → a\): none of them can start/);
  assert.match(by.b.reason, /\(b → c → a → b\)/);
  assert.equal(by.a.unknown, false);
  assert.match(by.d.reason, /^after: waits for "x", which no queue holds and no agent has completed/);
  assert.equal(by.d.unknown, true);
  // i waits for d, which is queued (and will be dead-lettered, then counts as done): not stuck itself.
  assert.equal(by.i, undefined);
  // A self-loop is a cycle too (the parser rejects it first; the rule holds anyway).
  const self = new Map([['s', ['s']]]);
  assert.match(stuckTasks([{ task: t('s'), on: ['s'] }], { queued: self, running: new Set(), done: new Set() })[0].reason, /cycle \(s → s\)/);
});

test('stuck tasks: a long chain and a big queue are one pass', { timeout: 10_000 }, async () => {
  const { stuckTasks } = await import('./schedule.ts');
  const n = 50_000;
  const queued = new Map<string, string[]>();
  for (let i = 0; i < n; i++) queued.set(`t${i}`, [`t${(i + 1) % n}`]);
  const waiting = [...queued].map(([id, after]) => ({ task: t(id), on: after }));
  assert.equal(stuckTasks(waiting, { queued, running: new Set(), done: new Set() }).length, n);
});
