// Waiting for one task: what happens before the wait begins is kept, other tasks are ignored, the
// wait ends at its bound or when the client leaves, and progress is passed on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeEvents, type RuntimeEvent } from '../kernel/index.ts';
import { watchTask } from './task-watch.ts';

const completed = (task: string, agent = 'orion'): RuntimeEvent => ({ type: 'task.completed', agent, task, reward: 1, auditScore: 1, commit: 'c1', durationMs: 1, modelMs: 1 });

test('a task that ends before the wait begins is not missed; its answer comes from the answer channel', async () => {
  const events = new RuntimeEvents();
  const w = watchTask(events, 'orion', 't1');
  events.emit('answer', { agent: 'orion', task: 't1', commit: 'c1', answer: 'Hello.' });
  events.emitEvent(completed('t1', 'vega')); // another agent's task of the same id
  events.emitEvent(completed('t1'));
  assert.deepEqual(await w.outcome(1000), { status: 'completed', agent: 'orion', task: 't1', commit: 'c1', answer: 'Hello.', reward: 1 });
  assert.equal(events.listenerCount('event'), 0, 'it stops listening once settled');
  assert.equal(events.listenerCount('answer'), 0);
});

test('dead letters and pauses end the wait; other tasks do not; progress is passed on', async () => {
  const events = new RuntimeEvents();
  const dead = watchTask(events, 'orion', 'd');
  const paused = watchTask(events, 'orion', 'p');
  const seen: string[] = [];
  paused.onProgress((e) => seen.push(e.type));
  events.emitEvent({ type: 'task.started', agent: 'orion', task: 'p', at: 1 });
  events.emitEvent({ type: 'tool.called', agent: 'orion', task: 'p', tool: 'shell', ok: true, ms: 1 });
  events.emitEvent({ type: 'task.started', agent: 'orion', task: 'other', at: 1 });
  events.emitEvent({ type: 'task.dead_lettered', agent: 'orion', task: 'd', reason: 'no model', commit: 'c2', kind: 'model-server' });
  events.emitEvent({ type: 'task.paused', agent: 'orion', task: 'p', requests: ['r1'] });
  assert.deepEqual(await dead.outcome(1000), { status: 'dead_lettered', agent: 'orion', task: 'd', commit: 'c2', reason: 'no model', kind: 'model-server' });
  assert.deepEqual(await paused.outcome(1000), { status: 'paused', agent: 'orion', task: 'p', requests: ['r1'] });
  assert.deepEqual(seen, ['task.started', 'tool.called']);
});

test('the wait ends at its bound, or when the client leaves; the task is untouched either way', async () => {
  const events = new RuntimeEvents();
  const slow = await watchTask(events, 'orion', 's').outcome(30);
  assert.equal(slow.status, 'running');
  assert.equal(slow.status === 'running' && slow.why, 'timeout');
  const gone = new AbortController();
  const pending = watchTask(events, 'orion', 'g').outcome(60_000, gone.signal);
  gone.abort();
  const left = await pending;
  assert.equal(left.status === 'running' && left.why, 'detached');
  const disposed = watchTask(events, 'orion', 'x');
  disposed.dispose();
  assert.equal((await disposed.outcome(60_000)).status, 'running');
  assert.equal(events.listenerCount('event'), 0);
});
