// Ways in: backpressure refuses past a throughput class's depth (runtime, HTTP 429 with
// Retry-After, CLI exit 6) and loses nothing; a task without an agent goes to the best card;
// concurrent writers on shared/ lose nothing; a person votes with `agentos vote`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { resolveIacPolicy } from '../src/config/index.ts';
import { Consensus, QueueFullError, SharedRepo } from '../src/iac/index.ts';
import { agentStatus, bootstrapShared } from '../src/kernel/index.ts';
import { Git, parseQueue } from '../src/store/index.ts';
import { testApp } from './support/api.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { report, startHarness, tempDataDir } from './support/harness.ts';
import { THREE_AGENTS_YAML } from './support/iac-harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const agentos = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const SLOW_YAML = `agents:
  - name: orion
    persona: "Backend engineer."
    domain: "Backend engineering"
    throughput_class: slow
iac:
  backpressure:
    max_queue_depth_per_agent: { slow: 2 }
    retry_after_seconds: 7
`;

test('backpressure: a slow agent takes two tasks, refuses the third with a reason (API 429 + Retry-After, CLI exit 6)', async () => {
  const h = await startHarness({ agentsYaml: SLOW_YAML, script: () => report() });
  const app = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() });
  try {
    await h.runtime.stop(); // keep the queue full: nothing runs
    const post = (id: string) => app.request('/agents/orion/tasks', { method: 'POST', body: JSON.stringify({ task: `Task ${id}`, id }), headers: { 'content-type': 'application/json' } });
    assert.equal((await post('a')).status, 201);
    assert.equal((await post('b')).status, 201);
    const refused = await post('c');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '7');
    assert.match(((await refused.json()) as { error: string }).error, /orion" is full: 2 task\(s\) queued, the most its throughput class "slow" allows is 2/);
    await assert.rejects(h.runtime.enqueue('orion', { id: 'd', task: 'd', priority: 'normal', created: '2026-01-01T00:00:00Z' }), QueueFullError);
    const cli = agentos(['enqueue', 'orion', 'one more', '--data', h.dir]);
    assert.equal(cli.code, 6);
    assert.match(cli.stderr, /refused: agent "orion" is full/);
    // Nothing dropped silently: exactly the accepted tasks are in queue.md.
    const q = parseQueue(readFileSync(path.join(h.dir, 'agents/orion/queue.md'), 'utf8'));
    assert.deepEqual(q.tasks.map((t) => t.id), ['a', 'b']);
  } finally {
    await h.close();
  }
});

test('dispatch: POST /tasks and enqueue --any pick the agent whose card matches', async () => {
  const h = await startHarness({ agentsYaml: THREE_AGENTS_YAML, script: () => report({ skill: null }) });
  const app = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() });
  try {
    const res = await app.request('/tasks', { method: 'POST', body: JSON.stringify({ task: 'Review the NDA indemnification clauses of this licensing contract', id: 'nda' }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { agent: string; why: string };
    assert.equal(body.agent, 'lex');
    assert.match(body.why, /domain: /);
    await h.runtime.drain();
    assert.equal(h.events.find((e) => e.type === 'task.completed' && (e as { task: string }).task === 'nda')?.agent, 'lex');
    await h.runtime.stop();
    const cli = agentos(['enqueue', '--any', 'Fix the API pagination and rate limits of the backend', '--data', h.dir]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^orion \S+/);
  } finally {
    await h.close();
  }
});

test('concurrent writers on shared/ (two repos, as two processes would be) lose nothing', async () => {
  const { dir, cleanup } = tempDataDir(THREE_AGENTS_YAML);
  try {
    await bootstrapShared(dir);
    const policy = resolveIacPolicy(undefined);
    const a = new Consensus(new SharedRepo(dir), policy, ['orion', 'revu', 'lex']);
    const b = new Consensus(new SharedRepo(dir), policy, ['orion', 'revu', 'lex']);
    const now = new Date();
    const claims = Array.from({ length: 16 }, (_, i) => ({ topic: `topic-${i}`, subject: `topic ${i}`, claim: `claim ${i}`, evidence: [], tags: [] }));
    const filed = await Promise.all(claims.map((c, i) => (i % 2 ? a : b).propose(i % 3 ? 'orion' : 'revu', c, now)));
    const ids = filed.map((p) => p!.id);
    assert.equal(new Set(ids).size, 16, 'every proposal got its own number');
    assert.equal(readdirSync(path.join(dir, 'shared/iac/proposals')).filter((f) => f.endsWith('.md')).length, 16);
    // Concurrent votes on one proposal: both recorded, one decision.
    const first = filed.find((p) => p!.proposer === 'orion')!;
    await Promise.all([a.vote(first.id, 'revu', 'yes', 'r', now), b.vote(first.id, 'lex', 'yes', 'l', now)]);
    const after = await a.load(first.id);
    assert.deepEqual(after.votes.map((v) => v.voter).sort(), ['lex', 'revu']);
    assert.equal(after.status, 'accepted');
    const log = (await new Git(path.join(dir, 'shared')).raw(['log', '--format=%s'])).trim().split('\n');
    assert.equal(log.filter((s) => /\(propose\)/.test(s)).length, 16);
    assert.equal(log.filter((s) => /\(vote\)/.test(s)).length, 2);
    assert.equal((await new Git(path.join(dir, 'shared')).statusPorcelain()).trim(), '');
  } finally {
    cleanup();
  }
});

test('agentos vote: a person votes with a reason; bad votes are refused', async () => {
  const { dir, cleanup } = tempDataDir(THREE_AGENTS_YAML);
  try {
    await bootstrapShared(dir);
    const c = new Consensus(new SharedRepo(dir), resolveIacPolicy({ consensus: { min_voters: 2 } }), ['orion', 'revu', 'lex']);
    const p = (await c.propose('orion', { topic: 'pagination', subject: 'pagination', claim: 'The API pages by cursor', evidence: ['orion/t1'], tags: [] }, new Date()))!;
    const bad = agentos(['vote', p.id, 'revu', 'maybe', '--reason', 'x', '--data', dir]);
    assert.equal(bad.code, 2);
    assert.equal(agentos(['vote', p.id, 'orion', 'yes', '--reason', 'mine', '--data', dir]).code, 5, 'a proposer may not vote (denied)');
    const r1 = agentos(['vote', p.id, '--as', 'alice', 'yes', '--reason', 'I checked the docs', '--data', dir, '--json']);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(JSON.parse(r1.stdout).status, 'open');
    const r2 = agentos(['vote', p.id, 'lex', 'yes', '--reason', 'matches my notes', '--data', dir]);
    assert.match(r2.stdout, /status accepted/);
    assert.match(readFileSync(path.join(dir, 'shared/iac/segments/pagination.md'), 'utf8'), /The API pages by cursor/);
  } finally {
    cleanup();
  }
});
