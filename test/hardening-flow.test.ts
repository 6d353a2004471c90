// Work that used to run forever or starve (issue 9): a model that hands off on every reply,
// after: ids that can never be met, a provider that hangs. Every run drains; every task ends
// committed, dead-lettered with the reason, or queued with the reason.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { iacMetrics } from '../src/iac/index.ts';
import type { RuntimeEvent } from '../src/kernel/index.ts';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';
import { userText } from './support/iac-harness.ts';

const AGENTS = ['orion', 'revu', 'lex'];
const yaml = (extra = '') => `agents:\n${AGENTS.map((a) => `  - name: ${a}\n    persona: "${a}."\n`).join('')}${extra}`;
const done = (events: RuntimeEvent[]) => events.filter((e) => e.type === 'task.completed').map((e) => ({ agent: e.agent, task: (e as { task: string }).task }));

test('a model that hands off on every reply: run drains, chains stop at the hop limit, cycles and self-handoffs are refused, fresh work is not starved', { timeout: 240_000 }, async () => {
  const h = await startHarness({
    agentsYaml: yaml('iac:\n  max_hops: 2\n'),
    script: (req) => {
      const id = taskIdOf(req);
      // The task's own text (retrieved knowledge further down may quote other tasks).
      const text = /^# Task \S+\n\n([\s\S]*?)(?:\n# |$)/m.exec(userText(req))?.[1] ?? '';
      const me = /\[for (\w+)\]/.exec(text)?.[1] ?? 'orion';
      const from = /\[from (\w+)\]/.exec(text)?.[1];
      const pong = text.includes('[pong]');
      // Always hand off: to itself ("self" tasks), back to the sender ("pong"), else round the ring.
      const to = id.startsWith('self') ? me : pong && from ? from : AGENTS[(AGENTS.indexOf(me) + 1) % AGENTS.length];
      const r = report({ skill: null }) as { json: Record<string, unknown> };
      return { json: { ...r.json, handoff: { to, task: `More work [for ${to}] [from ${me}]${pong ? ' [pong]' : ''} after ${id}` } } };
    },
  });
  try {
    const fresh: string[] = [];
    for (let i = 0; i < 12; i++) {
      const agent = AGENTS[i % 3];
      const id = `${i % 6 === 5 ? 'self' : 'fresh'}-${i}`;
      fresh.push(id);
      await h.runtime.enqueue(agent, { id, task: `Task ${i} [for ${agent}]${i % 6 === 4 ? ' [pong]' : ''}`, priority: 'normal', created: '2026-01-01T00:00:00Z' });
    }
    await h.runtime.drain(); // ends: that is the first assertion
    const all = done(h.events);
    assert.deepEqual(fresh.filter((id) => !all.some((d) => d.task === id)), [], 'every fresh task ran');
    const handed = all.filter((d) => d.task.startsWith('handoff-'));
    // 8 ring tasks hand on twice each (hop 1, hop 2), then the hop limit; 2 pong tasks hand on once,
    // then the way back is a cycle; 2 self tasks hand nothing.
    assert.equal(handed.length, 18);
    const m = await iacMetrics(h.dir);
    assert.equal(m.handoffs.total, 18);
    assert.equal(m.handoffs.refused, 12);
    const records = readdirSync(path.join(h.dir, 'shared/iac/handoffs')).map((f) => readFileSync(path.join(h.dir, 'shared/iac/handoffs', f), 'utf8'));
    const refused = records.filter((r) => /^status: refused$/m.test(r));
    assert.equal(refused.filter((r) => /reason: "?hop limit reached/.test(r)).length, 8);
    assert.equal(refused.filter((r) => /reason: "?cycle refused/.test(r)).length, 2);
    assert.equal(refused.filter((r) => /reason: "?self-handoff refused/.test(r)).length, 2);
    assert.ok(records.every((r) => !/^hops: [3-9]/m.test(r)), 'no chain went past max_hops');
    // Not starved: in each agent's order, every fresh task ran before any handed-on (lower priority) one.
    for (const a of AGENTS) {
      const order = all.filter((d) => d.agent === a).map((d) => d.task);
      const lastFresh = Math.max(...order.map((t, i) => (t.startsWith('handoff-') ? -1 : i)));
      const firstHanded = order.findIndex((t) => t.startsWith('handoff-'));
      assert.ok(firstHanded === -1 || lastFresh < firstHanded, `${a}: ${order.join(', ')}`);
    }
    const shared = await new Git(path.join(h.dir, 'shared')).raw(['log', '--format=%B']);
    assert.match(shared, /^\w+\(handoff-refused\): \S+ → \w+\n\n(hop limit reached|cycle refused|self-handoff refused)/m);
  } finally {
    await h.close();
  }
});

test('after: on an id nobody holds, or in a cycle, is dead-lettered with the reason; a real dependency still waits and runs', { timeout: 120_000 }, async () => {
  const h = await startHarness({ agentsYaml: yaml(), script: () => report({ skill: null }) });
  try {
    const t = (id: string, after: string[]) => ({ id, task: `Step ${id}.`, priority: 'normal' as const, ...(after.length && { after }) });
    await h.runtime.enqueue('orion', t('typo', ['no-such-task']));
    await h.runtime.enqueue('orion', t('ring-a', ['ring-b']));
    await h.runtime.enqueue('revu', t('ring-b', ['ring-a']));
    await h.runtime.enqueue('lex', t('later', ['first']));
    await h.runtime.enqueue('revu', t('first', []));
    await h.runtime.drain();
    assert.deepEqual(done(h.events).map((d) => d.task).sort(), ['first', 'later']);
    const letters = Object.fromEntries(h.events.filter((e) => e.type === 'task.dead_lettered').map((e) => [(e as { task: string }).task, (e as { reason: string }).reason]));
    assert.deepEqual(Object.keys(letters).sort(), ['ring-a', 'ring-b', 'typo']);
    assert.match(letters.typo, /after: waits for "no-such-task", which no queue holds and no agent has completed/);
    // The first of the ring to be looked at is dead-lettered for the cycle; the other may then see
    // its dependency dead-lettered (never met), which dead-letters it too, saying so.
    const rings = [letters['ring-a'], letters['ring-b']];
    assert.ok(rings.some((r) => /after: forms a cycle \((ring-a → ring-b → ring-a|ring-b → ring-a → ring-b)\)/.test(r)), rings.join(' | '));
    for (const r of rings) assert.match(r, /after: forms a cycle|which was dead-lettered and will never complete/);
    assert.match(readFileSync(path.join(h.dir, 'agents/orion/iac/dead_letters/typo.md'), 'utf8'), /kind: after-unresolvable/);
  } finally {
    await h.close();
  }
});

test('after: on a task that was dead-lettered is never met: the waiting task is dead-lettered too, saying why', { timeout: 60_000 }, async () => {
  const h = await startHarness({ agentsYaml: yaml(), script: (req) => (taskIdOf(req) === 'broken' ? { status: 500, body: 'down' } : report({ skill: null })), model: { maxAttempts: 1 } });
  try {
    await h.runtime.enqueue('orion', { id: 'broken', task: 'This one fails.', priority: 'high' });
    await h.runtime.enqueue('revu', { id: 'needs-broken', task: 'Runs after broken.', priority: 'normal', after: ['broken'] });
    await h.runtime.drain();
    assert.deepEqual(done(h.events).map((d) => d.task), [], 'nothing ran on a failed dependency');
    const letters = Object.fromEntries(h.events.filter((e) => e.type === 'task.dead_lettered').map((e) => [(e as { task: string }).task, (e as { reason: string }).reason]));
    assert.deepEqual(Object.keys(letters).sort(), ['broken', 'needs-broken']);
    assert.match(letters['needs-broken'], /after: waits for "broken", which was dead-lettered and will never complete/);
  } finally {
    await h.close();
  }
});

test('a task past models.task_deadline_s is stopped and dead-lettered, saying which key to raise', { timeout: 60_000 }, async () => {
  const h = await startHarness({ agentsYaml: yaml('models:\n  task_deadline_s: 0.5\n'), script: () => ({ delayMs: 3000, then: report() }) });
  try {
    await h.runtime.enqueue('orion', { id: 'slow', task: 'Think for a long time.', priority: 'normal' });
    await h.runtime.drain();
    const e = h.events.find((x) => x.type === 'task.dead_lettered') as { reason: string } | undefined;
    assert.match(e?.reason ?? '', /^the task ran past its deadline of 1 s \(models\.task_deadline_s in agents\.yaml\) and was stopped/);
  } finally {
    await h.close();
  }
});

test('a hung provider: one timeout opens the circuit, then tasks fail fast and wait queued (no second timeout), with the reason', { timeout: 60_000 }, async () => {
  const h = await startHarness({
    agentsYaml: `${yaml()}models:\n  circuit: { failures: 1, cooldown_s: 600 }\n`,
    script: () => ({ hang: true }),
    model: { timeoutMs: 400, maxAttempts: 1 },
  });
  try {
    for (const id of ['h1', 'h2', 'h3']) await h.runtime.enqueue('orion', { id, task: `Task ${id}.`, priority: 'normal', created: '2026-01-01T00:00:00Z' });
    await h.runtime.drain();
    assert.equal(h.server.requests.length, 1, 'only the first task waited for the provider');
    assert.deepEqual(h.events.filter((e) => e.type === 'task.dead_lettered').map((e) => (e as { task: string }).task), ['h1']);
    const left = await h.runtime.leftover();
    assert.deepEqual(left.map((l) => [l.agent, l.queued.sort(), l.why]), [['orion', ['h2', 'h3'], 'every model provider is failing (circuit open); tasks wait in queue.md for the next trial']]);
    assert.ok(h.runtime.worker('orion').paused);
  } finally {
    await h.close();
  }
});

test('a handoff to a full queue is recorded as refused with the reason, never dropped silently', { timeout: 120_000 }, async () => {
  const h = await startHarness({
    agentsYaml: `agents:\n  - name: orion\n    persona: "o."\n  - name: revu\n    persona: "r."\n    throughput_class: slow\niac:\n  backpressure: { max_queue_depth_per_agent: 2 }\n`,
    script: (req) => {
      const r = report({ skill: null }) as { json: Record<string, unknown> };
      return taskIdOf(req) === 'o1' ? { json: { ...r.json, handoff: { to: 'revu', task: 'Review o1.' } } } : r;
    },
  });
  try {
    await h.runtime.enqueue('revu', { id: 'r1', task: 'Wait for o1.', priority: 'normal', after: ['o1'] });
    await h.runtime.enqueue('orion', { id: 'o1', task: 'Build.', priority: 'normal' });
    await h.runtime.drain();
    assert.deepEqual(done(h.events).map((d) => d.task).sort(), ['o1', 'r1']);
    const records = readdirSync(path.join(h.dir, 'shared/iac/handoffs')).filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join(h.dir, 'shared/iac/handoffs', f), 'utf8'));
    assert.equal(records.length, 1, records.join('\n----\n'));
    assert.match(records[0], /^status: refused$/m);
    assert.match(records[0], /revu could not take it: .*queue.*full/is);
  } finally {
    await h.close();
  }
});
