// Work moving between agents over real HTTP: a handoff chain (by name, then by capability),
// an inbox message expiring unread, a DAG of five tasks across agents, locks across agents.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { iacMetrics } from '../src/iac/index.ts';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';
import { THREE_AGENTS_YAML, userText } from './support/iac-harness.ts';

const handing = (to: string, task: string) => {
  const r = report({ skill: null }) as { json: Record<string, unknown> };
  return { json: { ...r.json, handoff: { to, task } } };
};

test('a handoff chain: orion → revu by name → lex by capability, each with its origin', async () => {
  const h = await startHarness({
    agentsYaml: THREE_AGENTS_YAML,
    script: (req) => {
      const id = taskIdOf(req);
      if (id === 'build') return handing('revu', 'Review the new sync client for race conditions.');
      if (/^handoff-\d{8}T\d{6}-[0-9a-f]{8}$/.test(id) && userText(req).includes('Review the new sync client')) {
        return handing('capability: legal licensing contracts', 'Check the vendor licensing contract clauses for indemnification.');
      }
      return report({ skill: null });
    },
  });
  try {
    await h.runtime.enqueue('orion', { id: 'build', task: 'Build a sync client for the vendor API.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
    await h.runtime.drain();
    const done = h.events.filter((e) => e.type === 'task.completed').map((e) => `${e.agent}:${(e as { task: string }).task}`);
    assert.equal(done.length, 3);
    assert.equal(done[0], 'orion:build');
    // Ids stay short and unique however long the chain; depth and origin are fields.
    assert.match(done[1], /^revu:handoff-\d{8}T\d{6}-[0-9a-f]{8}$/);
    assert.match(done[2], /^lex:handoff-\d{8}T\d{6}-[0-9a-f]{8}$/);
    // Each receiving commit names its origin.
    const revuTask = done[1].slice('revu:'.length);
    const lexLog = await new Git(path.join(h.dir, 'agents/lex')).raw(['log', '-1', '--format=%B']);
    assert.match(lexLog, new RegExp(`^origin: revu/${revuTask}$`, 'm'));
    const handoffs = readdirSync(path.join(h.dir, 'shared/iac/handoffs')).filter((f) => f.endsWith('.md'));
    assert.equal(handoffs.length, 2);
    const sharedLog = await new Git(path.join(h.dir, 'shared')).raw(['log', '--format=%s']);
    assert.match(sharedLog, /orion\(handoff\): build → revu\//);
    assert.match(sharedLog, /revu\(handoff\): handoff-\S+ → lex\//);
    const lexRecord = readFileSync(path.join(h.dir, 'shared/iac/handoffs', `${done[2].slice('lex:'.length)}.md`), 'utf8');
    assert.match(lexRecord, /^hops: 2$/m);
    assert.match(lexRecord, /^root: orion\/build$/m);
    assert.match(lexRecord, /^chain:\n {2}- orion\n {2}- revu$/m);
    assert.match(lexRecord, /^priority: low$/m, 'each hop one priority step lower than its source');
    const m = await iacMetrics(h.dir);
    assert.deepEqual([m.handoffs.total, m.handoffs.started], [2, 2]);
    assert.ok(m.handoffs.mean_latency_ms !== null && m.handoffs.mean_latency_ms >= 0);
  } finally {
    await h.close();
  }
});

test('an inbox message past its ttl_seconds is not processed: shared dead letter, escalation commit, reflection', async () => {
  const h = await startHarness({ agentsYaml: THREE_AGENTS_YAML, script: () => report({ skill: null }) });
  try {
    const old = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await h.runtime.enqueue('revu', { id: 'stale', task: 'Review this old diff.', priority: 'normal', created: old, extra: { origin: 'orion/build', ttl_seconds: 60 } });
    await h.runtime.drain();
    assert.equal(h.server.requests.length, 0, 'the expired message reached no model');
    const letter = readFileSync(path.join(h.dir, 'shared/iac/dead_letters/revu-stale.md'), 'utf8');
    assert.match(letter, /status: expired/);
    assert.match(letter, /origin: orion\/build/);
    assert.ok(existsSync(path.join(h.dir, 'agents/revu/iac/dead_letters/stale.md')));
    const subjects = await new Git(path.join(h.dir, 'shared')).raw(['log', '--format=%s']);
    assert.match(subjects, /^escalate\(revu\): stale expired unread$/m);
    assert.match(readFileSync(path.join(h.dir, 'agents/revu/reflections.md'), 'utf8'), /Task stale \(handed over by orion\/build\) expired unread/);
    assert.equal((await iacMetrics(h.dir)).dead_letters.shared, 1);
  } finally {
    await h.close();
  }
});

test('a DAG of five tasks across three agents runs in dependency order', async () => {
  const h = await startHarness({ agentsYaml: THREE_AGENTS_YAML, script: () => report({ skill: null }) });
  try {
    const t = (id: string, after: string[] = []) => ({ id, task: `Step ${id} of the release.`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z', ...(after.length && { after }) });
    // Enqueued leaves first, so queue order alone would run them wrong.
    await h.runtime.enqueue('revu', t('e', ['d']));
    await h.runtime.enqueue('orion', t('d', ['b', 'c']));
    await h.runtime.enqueue('lex', t('c', ['a']));
    await h.runtime.enqueue('revu', t('b', ['a']));
    await h.runtime.enqueue('orion', t('a'));
    await h.runtime.drain();
    const order = h.events.filter((e) => e.type === 'task.completed').map((e) => (e as { task: string }).task);
    assert.equal(order.length, 5);
    const pos = (id: string) => order.indexOf(id);
    assert.ok(pos('a') < pos('b') && pos('a') < pos('c'), order.join(','));
    assert.ok(pos('b') < pos('d') && pos('c') < pos('d'), order.join(','));
    assert.ok(pos('d') < pos('e'), order.join(','));
  } finally {
    await h.close();
  }
});

test('a lock named by two tasks on different agents is held by one at a time', async () => {
  let inside = 0;
  let overlap = false;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const h = await startHarness({
    agentsYaml: THREE_AGENTS_YAML,
    script: async (req) => {
      inside++;
      if (inside > 1) overlap = true;
      if (taskIdOf(req) === 'm1') await gate; // hold the lock while the other agent tries
      inside--;
      return report({ skill: null });
    },
  });
  try {
    const t = (id: string) => ({ id, task: `Migrate the database (${id}).`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z', extra: { locks: ['db'] } });
    await h.runtime.enqueue('orion', t('m1'));
    await h.runtime.enqueue('revu', t('m2'));
    const drained = h.runtime.drain();
    while (!h.server.requests.length) await new Promise((r) => setTimeout(r, 10));
    assert.equal(h.system.iac!.locks.holderOf('db')?.task, 'm1');
    assert.ok(existsSync(path.join(h.dir, '.agentos/locks/db.json')));
    release();
    await drained;
    assert.equal(overlap, false);
    assert.equal(h.events.filter((e) => e.type === 'task.completed').length, 2);
    assert.equal(h.system.iac!.locks.holderOf('db'), undefined);
  } finally {
    await h.close();
  }
});

test('planning: POST /tasks with plan decomposes into a DAG across agents, runs it level by level, joins the results', async () => {
  const { testApp } = await import('./support/api.ts');
  const { agentStatus } = await import('../src/kernel/index.ts');
  const { silentLogger } = await import('../src/telemetry/index.ts');
  const plan = {
    subtasks: [
      { id: 'api', task: 'Build the vendor API client with pagination.', capability: 'backend api pagination', after: [] },
      { id: 'review', task: 'Review the client for race conditions.', capability: 'code review security race conditions', after: ['api'] },
      { id: 'license', task: 'Check the vendor licensing contract.', capability: 'legal contracts licensing', after: ['api'] },
      { id: 'ship', task: 'Ship the client behind the API gateway.', capability: 'backend api', after: ['review', 'license'] },
    ],
  };
  const h = await startHarness({
    agentsYaml: THREE_AGENTS_YAML,
    script: (req) => {
      const body = JSON.stringify(req.messages);
      if (body.includes('# Plan rel')) return { json: plan };
      return report({ skill: null, response: `done: ${taskIdOf(req)}` });
    },
  });
  const app = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() });
  try {
    const res = await app.request('/tasks', { method: 'POST', body: JSON.stringify({ task: 'Release the vendor API client.', id: 'rel', plan: true }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 201);
    const out = (await res.json()) as { levels: string[][]; tasks: { agent: string; id: string }[] };
    assert.deepEqual(out.levels, [['api'], ['review', 'license'], ['ship']]);
    const agentOf = Object.fromEntries(out.tasks.map((t) => [t.id, t.agent]));
    assert.equal(agentOf['rel.review'], 'revu');
    assert.equal(agentOf['rel.license'], 'lex');
    assert.equal(agentOf['rel.api'], 'orion');
    await h.runtime.drain();
    const order = h.events.filter((e) => e.type === 'task.completed').map((e) => (e as { task: string }).task);
    assert.equal(order.length, 5);
    const pos = (id: string) => order.indexOf(id);
    assert.ok(pos('rel.api') < pos('rel.review') && pos('rel.api') < pos('rel.license') && pos('rel.review') < pos('rel.ship') && pos('rel.license') < pos('rel.ship'), order.join(','));
    assert.equal(order[4], 'rel');
    const join = h.server.requests.find((r) => JSON.stringify(r.body).includes('# Task rel\\n') || /# Task rel[^.]/.test(JSON.stringify(r.body)))!;
    assert.match(JSON.stringify(join.body), /Result of rel\.ship/);
    assert.match(JSON.stringify(join.body), /done: rel\.license/);
    assert.ok(existsSync(path.join(h.dir, 'shared/iac/plans/rel/plan.md')));
  } finally {
    await h.close();
  }
});
