// The watchdog end to end: a streak of −1 rewards (default 3) or of dead letters pauses the agent,
// records the pause as a commit, escalates with a `supervise` request; the pause survives a
// restart; `agentos resume`, approving the request, or POST /agents/:name/resume resume it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { agentStatus } from '../src/kernel/index.ts';
import { Git } from '../src/store/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { testApp } from './support/api.ts';
import { dataDirWith, startDaemon, type Daemon } from './support/act-harness.ts';
import { report, taskIdOf } from './support/harness.ts';

const YAML = `agents:
  - name: orion
    persona: "Backend engineer."
  - name: lex
    persona: "Analyst."
    supervision: { dead_letter_streak: 2 }
`;

const script = (req: Parameters<typeof taskIdOf>[0]) => {
  const id = taskIdOf(req);
  if (id.startsWith('d')) return { status: 400, body: { error: { message: 'no such model' } } };
  const bad = id.startsWith('f');
  return report({ skill: null, reward: bad ? -1 : 1, outcome: bad ? 'failure' : 'success' });
};

const CLI = path.join(import.meta.dirname, '../bin/agentos.js');
let n = 0;
async function run(d: Daemon, agent: string, ...ids: string[]): Promise<void> {
  for (const id of ids) await d.runtime.enqueue(agent, { id, task: `Do ${id}.`, priority: 'normal', created: new Date(Date.UTC(2026, 0, 1, 0, 0, n++)).toISOString() });
  await d.runtime.drain();
}

test('a streak of −1 rewards pauses the agent, survives a restart, and each way of resuming works', { timeout: 180_000 }, async (t) => {
  const dd = dataDirWith(YAML);
  t.after(dd.cleanup);
  let d = await startDaemon(dd.dir, script);
  t.after(() => d.stop());
  const git = new Git(path.join(dd.dir, 'agents/orion'));

  await run(d, 'orion', 'ok1', 'f1', 'f2', 'f3', 'f4', 'f5');
  assert.equal(await git.headSubject(), 'orion(supervise): paused');
  const paused = d.runtime.worker('orion').paused!;
  assert.match(paused.reason, /its last 3 tasks \(f1, f2, f3\) each ended with an audited reward of −1 \(supervision\.negative_streak: 3\)/);
  assert.match(paused.reason, /agentos resume orion/);
  assert.equal(paused.resumesAt, null);
  const [req] = (await d.tools.store.list('orion')).filter((r) => r.kind === 'supervise');
  assert.equal(req.id, paused.request);
  assert.deepEqual(req.streak, { kind: 'negative_reward', count: 3, tasks: ['f1', 'f2', 'f3'] });
  assert.deepEqual((await d.runtime.leftover()).find((l) => l.agent === 'orion')?.queued, ['f4', 'f5'], 'the queue waits');
  assert.match((await d.runtime.leftover()).find((l) => l.agent === 'orion')!.why!, /paused by its watchdog/);

  // The pause survives a restart.
  await d.stop();
  d = await startDaemon(dd.dir, script);
  await d.runtime.drain();
  assert.ok(d.runtime.worker('orion').paused, 'still paused after a restart');
  assert.equal(await git.headSubject(), 'orion(supervise): paused');

  // `agentos resume` (safe while the daemon runs) approves the request; the worker resumes at its next wake.
  const cli = spawnSync(process.execPath, [CLI, 'resume', 'orion', '--reason', 'looked at it', '--data', dd.dir], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /orion: resume requested/);
  assert.equal((await d.tools.store.decision('orion', req.id))?.decision, 'approved');
  await d.runtime.drain();
  const subjects = await git.subjects(4);
  assert.equal(subjects[subjects.indexOf('orion(supervise): resumed') + 1], 'orion(supervise): paused');
  assert.ok(subjects.includes('orion(task): f5'), 'the queue ran on');
  assert.match(await git.raw(['log', '-1', '--format=%B', '--grep=^orion(supervise): resumed$']), /resumed by cli: looked at it/);
  assert.equal((await d.tools.store.list('orion')).filter((r) => r.kind === 'supervise').length, 0, 'the request left the list');
  // f4, f5: a new streak of two; a third −1 pauses again.
  await run(d, 'orion', 'f6');
  assert.ok(d.runtime.worker('orion').paused);

  // Approving the request (agentos approve, POST /approvals/:id/approve) resumes it too.
  const again = (await d.tools.store.list('orion')).find((r) => r.kind === 'supervise' && r.status === 'pending')!;
  await d.tools.store.decide(again.id, { decision: 'approved', by: 'test' });
  await run(d, 'orion', 'ok2');
  assert.equal(d.runtime.worker('orion').paused, undefined);
  assert.equal(await git.headSubject(), 'orion(task): ok2');

  // Denied, it stays paused; the API resumes it.
  await run(d, 'orion', 'f7', 'f8', 'f9');
  const third = (await d.tools.store.list('orion')).find((r) => r.kind === 'supervise' && r.status === 'pending')!;
  await d.tools.store.decide(third.id, { decision: 'denied', by: 'test' });
  await run(d, 'orion', 'ok3');
  assert.ok(d.runtime.worker('orion').paused, 'a denied request keeps the agent paused');
  const api = testApp({ runtime: d.runtime, status: (a) => agentStatus(dd.dir, d.runtime.worker(a).ctx.config), startedAt: Date.now(), log: silentLogger() });
  const res = await api.request('/agents/orion/resume', { method: 'POST', body: JSON.stringify({ reason: 'fixed the prompt' }) });
  assert.deepEqual(await res.json(), { agent: 'orion', resumed: true });
  await d.runtime.drain();
  assert.equal(await git.headSubject(), 'orion(task): ok3');
});

test('a streak of dead letters pauses the agent (supervision.dead_letter_streak); a task in between breaks the streak', { timeout: 120_000 }, async (t) => {
  const dd = dataDirWith(YAML);
  t.after(dd.cleanup);
  const d = await startDaemon(dd.dir, script);
  t.after(() => d.stop());
  await run(d, 'lex', 'd1', 'ok1', 'd2', 'd3', 'ok2');
  const p = d.runtime.worker('lex').paused!;
  assert.match(p.reason, /its last 2 tasks \(d2, d3\) were dead-lettered \(model-/);
  assert.deepEqual((await d.runtime.leftover()).find((l) => l.agent === 'lex')?.queued, ['ok2']);
  assert.equal(d.runtime.worker('orion').paused, undefined, 'the other agent runs on');
});
