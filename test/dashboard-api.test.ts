// The dashboard's JSON routes over real HTTP after real tasks: an agent's report (curves, spend
// per day), its world as a graph, its newest tasks, one task's commit and context.md, proposals,
// dead letters — each with the token, each bounded, bad ids refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScriptRequest } from '../src/models/index.ts';
import { dataDirWith } from './support/act-harness.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startObserved } from './support/observe-harness.ts';

const YAML = 'agents:\n  - name: orion\n    persona: "Backend engineer."\n  - name: lex\n    persona: "Reviewer."\n';

function script(req: ScriptRequest) {
  const id = taskIdOf(req);
  if (id === 'broken') return { status: 400, body: { error: { message: 'bad request' } } };
  const n = Number(/\d+/.exec(id)?.[0] ?? 0);
  const r = report({ reward: n === 2 ? -1 : 1, outcome: n === 2 ? 'failure' : 'success', skill: n === 1 ? { name: 'paginate', description: 'Cursor pagination', body: 'Use cursors.' } : null }) as { json: Record<string, unknown> };
  const updates = [
    { op: 'assert', kind: 'entity', name: 'rate limiter', claim: 'The vendor API allows 100 requests per minute', aliases: ['throttle'], tags: ['api'], evidence: `task ${id} saw 429` },
    { op: 'assert', kind: 'relation', name: 'sync uses limiter', claim: 'The nightly sync goes through the rate limiter', aliases: [], tags: ['api'], evidence: `task ${id} traced it` },
  ];
  return { json: { ...r.json, world_updates: updates } };
}

test('report, world graph, tasks, a task with its context and commit, proposals, dead letters', { timeout: 60_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const o = await startObserved(d.dir, script);
  t.after(() => o.close());
  for (const i of [1, 2, 3]) await o.daemon.runtime.enqueue('orion', { id: `t${i}`, task: `Sync the vendor API, part ${i}.`, priority: 'normal', created: `2026-01-01T00:00:0${i}Z` });
  await o.daemon.runtime.enqueue('lex', { id: 'broken', task: 'This fails.', priority: 'normal', created: '2026-01-01T00:00:09Z' });
  await o.daemon.runtime.drain();
  const json = async (path: string, status = 200) => {
    const res = await o.get(path);
    assert.equal(res.status, status, `${path}: ${res.status}`);
    return res.json() as Promise<Record<string, any>>;
  };
  assert.equal((await fetch(`${o.url}/agents/orion/report`)).status, 401);

  const rep = await json('/agents/orion/report');
  assert.equal(rep.progress.tasks, 3);
  assert.deepEqual(rep.timeline.map((p: { task: string; effective: number }) => [p.task, p.effective]), [['t1', 1], ['t2', -1], ['t3', 1]]);
  assert.equal(rep.timeline[0].skillEarned, true);
  assert.equal(rep.skills[0].name, 'paginate');
  assert.equal(rep.spend.length, 1);
  assert.equal(rep.spend[0].tasks, 3);
  assert.equal(rep.spend[0].successes, 2);
  assert.ok(rep.spend[0].calls >= 3);
  assert.equal(rep.budget.limitUsd, null);
  assert.equal(rep.current.hypotheses + rep.current.entities + rep.current.relations, 2);

  const world = await json('/agents/orion/world');
  const ids = world.nodes.map((n: { id: string }) => n.id).sort();
  assert.deepEqual(ids, ['r:rate-limiter', 'r:sync-uses-limiter', 't:api']);
  const limiter = world.nodes.find((n: { id: string }) => n.id === 'r:rate-limiter');
  assert.ok(limiter.evidence.supports.includes('t1') && limiter.evidence.supports.includes('t3'), JSON.stringify(limiter.evidence));
  assert.ok(limiter.confidence > 0 && limiter.confidence <= 1);
  assert.deepEqual(world.edges.find((e: { type: string }) => e.type === 'mentions'), { source: 'r:sync-uses-limiter', target: 'r:rate-limiter', type: 'mentions' });

  const tasks = await json('/agents/orion/tasks?limit=2');
  assert.deepEqual(tasks.tasks.map((x: { task: string }) => x.task), ['t3', 't2']);
  const one = await json('/agents/orion/tasks/t2');
  assert.equal(one.commit.subject, 'orion(task): t2');
  assert.match(one.commit.message, /outcome: failure; reward -1/);
  assert.match(one.context, /^Task: t2 — Sync the vendor API, part 2\./);
  assert.equal(one.queued, false);
  await json('/agents/orion/tasks/nope', 404);
  await json('/agents/orion/tasks/..%2Fetc', 400);
  await json('/agents/nobody/report', 404);

  const dead = await json('/dead-letters');
  assert.equal(dead.agents.length, 1);
  assert.equal(dead.agents[0].task, 'broken');
  assert.equal(dead.agents[0].source, 'lex');
  assert.match(String(dead.agents[0].kind), /^model-/);
  const deadTask = await json('/agents/lex/tasks/broken');
  assert.equal(deadTask.commit.subject, 'lex(dead-letter): broken');

  const proposals = await json('/proposals');
  assert.deepEqual(proposals, { open: [], archived: [], segments: [] });

  // The static shell needs no token and says where scripts may come from.
  const shell = await fetch(`${o.url}/`);
  assert.equal(shell.status, 200);
  assert.match(shell.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.equal((await fetch(`${o.url}/ui/vendor/uplot.esm.js`)).status, 200);
  assert.equal((await fetch(`${o.url}/ui/vendor/cytoscape.esm.min.mjs`)).status, 200);
  assert.equal((await fetch(`${o.url}/ui/../package.json`)).status, 401, 'nothing outside the list');
  assert.equal((await o.get('/ui/secret.txt')).status, 404);
});
