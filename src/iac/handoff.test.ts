// The bounds of handoffs: hop limit, no cycles, no self-handoff, each hop one priority step
// lower, ids short and unique with the chain in fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueue, serializeTask, type QueueTask } from '../store/index.ts';
import { chainOf, handoffRefusal, handoffTask } from './handoff.ts';

const now = new Date('2026-03-01T12:00:00Z');
const task = (over: Partial<QueueTask> = {}): QueueTask => ({ id: 'build', task: 'Build it.', priority: 'high', created: '2026-03-01T11:00:00Z', line: 1, ...over });
/** The task as the receiver reads it back from its queue.md. */
const received = (t: ReturnType<typeof handoffTask>): QueueTask => parseQueue(serializeTask(t)).tasks[0];

test('a chain: hops, agents, root and priority travel in fields; ids stay short and unique', () => {
  const h1 = handoffTask('orion', task(), 'Review it.', 600, now);
  assert.match(h1.id, /^handoff-20260301T120000-[0-9a-f]{8}$/);
  assert.equal(h1.priority, 'normal', 'one step below its source');
  assert.deepEqual({ ...h1.extra, handed_at: undefined }, { origin: 'orion/build', root: 'orion/build', hops: 1, chain: ['orion'], handed_at: undefined, ttl_seconds: 600 });
  const h2 = handoffTask('revu', received(h1), 'Check the licence.', 600, now);
  assert.equal(h2.priority, 'low');
  assert.deepEqual([h2.extra?.hops, h2.extra?.chain, h2.extra?.root, h2.extra?.origin], [2, ['orion', 'revu'], 'orion/build', `revu/${h1.id}`]);
  assert.equal(handoffTask('lex', received(h2), 'x', 600, now).priority, 'low', 'low stays low');
  // A long chain keeps short ids; a thousand handoffs in the same second never collide.
  let t: QueueTask = task();
  for (let i = 0; i < 30; i++) t = received(handoffTask(`a${i}`, t, 'x', 60, now));
  assert.ok(t.id.length <= 40);
  assert.equal(chainOf('a30', t).hops, 30);
  const ids = new Set(Array.from({ length: 1000 }, () => handoffTask('orion', task(), 'x', 60, now).id));
  assert.equal(ids.size, 1000);
});

test('refused: self-handoff, past the hop limit, back to an agent on the chain; off with max_hops 0', () => {
  const fresh = chainOf('orion', task());
  assert.equal(handoffRefusal('orion', 'revu', fresh, 4), undefined);
  assert.match(handoffRefusal('orion', 'orion', fresh, 4) ?? '', /^self-handoff refused: orion named itself as the receiver/);
  const h = received(handoffTask('orion', task(), 'x', 60, now));
  const atRevu = chainOf('revu', h);
  assert.deepEqual(atRevu.agents, ['orion', 'revu']);
  assert.match(handoffRefusal('revu', 'orion', atRevu, 4) ?? '', /^cycle refused: orion already worked on this chain \(orion → revu\)/);
  assert.equal(handoffRefusal('revu', 'lex', atRevu, 4), undefined);
  assert.match(handoffRefusal('revu', 'lex', atRevu, 1) ?? '', /^hop limit reached: this work began at orion\/build and was handed on 1 time\(s\) already \(iac\.max_hops is 1\)/);
  assert.match(handoffRefusal('revu', undefined, atRevu, 1) ?? '', /hop limit reached/, 'checked before dispatch too');
  assert.match(handoffRefusal('orion', 'revu', fresh, 0) ?? '', /handoffs are off \(iac\.max_hops is 0\)/);
});
