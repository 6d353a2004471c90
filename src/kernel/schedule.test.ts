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
