// Rollback over HTTP (operator token only, through the worker), and a reverted belief re-opening
// the shared segment it had become (as a contradiction does).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { agentStatus } from '../src/kernel/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { Git } from '../src/store/index.ts';
import { TEST_READ_TOKEN, testApp } from './support/api.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';
import { THREE_AGENTS_YAML, voteOf, voteReply } from './support/iac-harness.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();
const post = (body: unknown) => ({ method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

test('POST /agents/:name/revert, /rewind and /resume: operator only, clear 4xx, reports back', { timeout: 120_000 }, async (t) => {
  const h = await startHarness({ script: () => report({ skill: null }) });
  t.after(() => h.close());
  for (const [i, id] of ['a1', 'a2', 'a3'].entries()) await h.runtime.enqueue('orion', { id, task: `Step ${id}.`, priority: 'normal', created: `2026-01-01T00:00:0${i}Z` });
  await h.runtime.drain();
  const api = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() });
  const git = new Git(path.join(h.dir, 'agents/orion'));
  const head = await git.headSha();

  const ro = await api.request('/agents/orion/revert', post({ task: 'a3' }), TEST_READ_TOKEN);
  assert.equal(ro.status, 403, 'the read-only token may not roll back');
  for (const [url, body, status, message] of [
    ['/agents/orion/revert', '{', 400, /not valid JSON; send \{"task": "TASK-ID"\}/],
    ['/agents/orion/revert', { task: 'a3', extra: 1 }, 400, /Unrecognized key/],
    ['/agents/orion/rewind', {}, 400, /to: /],
    ['/agents/nobody/revert', { task: 'a3' }, 404, /no agent named "nobody"/],
    ['/agents/orion/revert', { task: 'zz' }, 404, /no commit of orion closes task "zz"/],
    ['/agents/orion/rewind', { to: 'not-a-thing' }, 404, /neither a task orion completed nor a commit/],
  ] as const) {
    const res = await api.request(url, post(body));
    assert.equal(res.status, status, `${url} ${JSON.stringify(body)}`);
    assert.match((await json(res)).error, message);
  }
  assert.equal(await git.headSha(), head, 'refusals change nothing');
  // Work no commit holds (a paused task's files, or a person's) blocks a rollback.
  writeFileSync(path.join(h.dir, 'agents/orion/workspace/draft.txt'), 'not committed\n');
  const blocked = await api.request('/agents/orion/revert', post({ task: 'a3' }));
  assert.equal(blocked.status, 409);
  assert.match((await json(blocked)).error, /workspace\/ has changes no commit holds yet \(workspace\/draft\.txt\)/);
  rmSync(path.join(h.dir, 'agents/orion/workspace/draft.txt'));

  const rv = await api.request('/agents/orion/revert', post({ task: 'a3' }));
  assert.equal(rv.status, 200);
  const r = await json(rv);
  assert.equal(r.kind, 'revert');
  assert.match(r.commit, /^[0-9a-f]{40}$/);
  assert.equal(await git.headSubject(), 'orion(revert): a3');
  const again = await api.request('/agents/orion/revert', post({ task: 'a3' }));
  assert.equal(again.status, 409);
  assert.equal((await json(again)).code, 'ALREADY_REVERTED');

  const rw = await json(await api.request('/agents/orion/rewind', post({ to: 'a1' })));
  assert.deepEqual(rw.undone, ['a2', 'a3']);
  assert.equal(await git.headSubject(), 'orion(rewind): a1');
  const rs = await json(await api.request('/agents/orion/resume', post({})));
  assert.deepEqual(rs, { agent: 'orion', resumed: false, note: 'orion was not paused by its watchdog' });
});

const belief = (op: string, over: Record<string, unknown> = {}) => ({
  op, kind: 'entity', name: 'vendor rate limit', claim: op === 'assert' ? 'Vendor X allows 100 requests per minute' : null,
  aliases: [], tags: ['api', 'rate-limit', 'shareable'], evidence: `${op}: HTTP 429 after request 100`, ...over,
});

test('reverting the task that confirmed a shared belief re-opens its segment (as a contradiction does)', { timeout: 120_000 }, async (t) => {
  const plan: Record<string, unknown[]> = { t1: [belief('assert')], t2: [belief('support')] };
  const h = await startHarness({
    agentsYaml: THREE_AGENTS_YAML,
    script: (req) => {
      if (voteOf(req)) return voteReply('yes', 'matches the 429s I saw');
      const r = report({ skill: null }) as { json: Record<string, unknown> };
      return { json: { ...r.json, world_updates: plan[taskIdOf(req)] ?? [] } };
    },
  });
  t.after(() => h.close());
  await h.runtime.enqueue('orion', { id: 't1', task: 'Sync the vendor API within its rate limit.', priority: 'normal', created: '2026-01-01T00:00:01Z' });
  await h.runtime.enqueue('orion', { id: 't2', task: 'Sync the vendor API again within its rate limit.', priority: 'normal', created: '2026-01-01T00:00:02Z', verify: 'true' });
  await h.runtime.drain();
  const seg = path.join(h.dir, 'shared/iac/segments/vendor-rate-limit.md');
  assert.match(readFileSync(seg, 'utf8'), /status: accepted/);

  const r = await h.runtime.revert('orion', 't2');
  assert.deepEqual(r.reopened, ['vendor-rate-limit']);
  assert.match(readFileSync(seg, 'utf8'), /status: reopened/);
  assert.match(readFileSync(seg, 'utf8'), /CONTESTED \(re-opened by orion: orion reverted task t2/);
  assert.equal(await new Git(path.join(h.dir, 'shared')).headSubject(), 'orion(reopen): iac/segments/vendor-rate-limit.md');
  assert.match(await new Git(path.join(h.dir, 'agents/orion')).raw(['log', '-1', '--format=%B']), /shared segments re-opened: vendor-rate-limit/);
});
