// The world model end to end over real HTTP: proposals in the model's report, rules in the
// runtime, every decision a line of the task's commit, retracted beliefs kept by git.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { AuditReply } from '../src/kernel/llm-audit.ts';
import type { ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';

const orion = (dir: string, ...p: string[]) => path.join(dir, 'agents', 'orion', ...p);
const update = (op: string, over: Record<string, unknown> = {}) => ({
  op, kind: 'entity', name: 'vendor rate limit', claim: op === 'assert' ? 'Vendor X allows 100 requests per minute' : null,
  aliases: [], tags: ['api', 'rate-limit'], evidence: `${op}: the sync run saw HTTP 429 after request 100`, ...over,
});
const withWorld = (updates: unknown[], extra: Record<string, unknown> = {}) => {
  const r = report({ skill: null }) as { json: Record<string, unknown> };
  return { json: { ...r.json, world_updates: updates, ...extra } };
};
const enqueue = (h: Awaited<ReturnType<typeof startHarness>>, id: string, verify?: string) =>
  h.runtime.enqueue('orion', { id, task: `Sync the vendor API (${id}) within its rate limit.`, priority: 'normal', created: `2026-01-01T00:00:0${id.slice(1)}Z`, ...(verify && { verify }) });

test('a hypothesis is created, confirmed, contradicted and retracted, each step visible in git log', async () => {
  const plan: Record<string, unknown[]> = {
    t1: [update('assert')],
    t2: [update('support')],
    t3: [update('contradict', { evidence: 'the limit was 60 per minute today' })],
    t4: [update('contradict', { evidence: 'again 429 at request 61' })],
  };
  const h = await startHarness({ script: (req) => withWorld(plan[taskIdOf(req)] ?? []) });
  try {
    await enqueue(h, 't1');
    for (const id of ['t2', 't3', 't4']) await enqueue(h, id, 'true'); // a passing verify: evidence weighs double
    await h.runtime.drain();
    const git = new Git(orion(h.dir));
    const log = await git.raw(['log', '--reverse', '--format=%s%n%b']);
    const worldLines = log.split('\n').filter((l) => l.startsWith('world: ')).map((l) => l.split(' ').slice(0, 3).join(' '));
    assert.deepEqual(worldLines, [
      'world: added vendor-rate-limit',
      'world: supported vendor-rate-limit',
      'world: promoted vendor-rate-limit',
      'world: contradicted vendor-rate-limit',
      'world: demoted vendor-rate-limit',
      'world: contradicted vendor-rate-limit',
      'world: retracted vendor-rate-limit',
    ]);
    // Retracted: gone from the tree, kept by history, and the index says so.
    assert.ok(!existsSync(orion(h.dir, 'world', 'hypotheses', 'vendor-rate-limit.md')));
    assert.ok(!existsSync(orion(h.dir, 'world', 'entities', 'vendor-rate-limit.md')));
    const confirmed = await git.raw(['show', 'HEAD~2:world/entities/vendor-rate-limit.md']);
    assert.match(confirmed, /status: confirmed/);
    assert.match(confirmed, /verified: \[t2\]/);
    assert.match(readFileSync(orion(h.dir, 'world', 'index.md'), 'utf8'), /## Hypotheses \(0\)/);
    // The reward entries name the world files each task touched.
    const rewards = parse(readFileSync(orion(h.dir, 'rewards.md'), 'utf8')) as { task: string; world_model_update: string | null; audit_decomposition: Record<string, number> }[];
    assert.equal(rewards[0].world_model_update, 'world/hypotheses/vendor-rate-limit.md');
    assert.equal(rewards[1].world_model_update, 'world/entities/vendor-rate-limit.md');
    assert.deepEqual(Object.keys(rewards[0].audit_decomposition), ['correctness', 'efficiency', 'novelty', 'generality']);
    assert.equal(rewards[0].audit_decomposition.novelty, 1);
    // The confirmed belief was in t3's context, retrieved from the index.
    const t3 = h.server.requests.find((r) => JSON.stringify(r.body).includes('# Task t3'))!;
    assert.match(JSON.stringify(t3.body), /Entity vendor-rate-limit/);
    assert.equal((await git.statusPorcelain()).trim(), '', 'nothing left uncommitted');
  } finally {
    await h.close();
  }
});

test('bad world updates are rejected with reasons; the answer, reward, skill and good update are kept', async () => {
  const bad = [
    update('assert', { evidence: '' }),
    update('assert', { name: '../../skills/evil/SKILL' }),
    update('assert', { name: 'giant', claim: 'x'.repeat(10_000), evidence: 'a short observation' }),
    update('assert', { name: 'good one', claim: 'Tokens expire after one hour' }),
  ];
  const h = await startHarness({ script: () => ({ json: { ...withWorld(bad).json, skill: { name: 'sync pages', description: 'Sync page by page.', body: 'Loop.' } } }) });
  try {
    await enqueue(h, 't1');
    await h.runtime.drain();
    const body = await new Git(orion(h.dir)).raw(['log', '-1', '--format=%B']);
    assert.match(body, /world: rejected vendor rate limit no evidence/);
    assert.match(body, /world: rejected \.\.\/\.\.\/skills\/evil\/SKILL "\.\.\/\.\.\/skills\/evil\/SKILL" looks like a path/);
    assert.match(body, /world: rejected giant claim is 10000 characters/);
    assert.match(body, /world: added good-one/);
    assert.match(body, /skill earned: sync-pages/);
    assert.match(body, /Done: here is the answer\./);
    assert.ok(existsSync(orion(h.dir, 'world', 'hypotheses', 'good-one.md')));
    assert.ok(!existsSync(orion(h.dir, 'skills', 'evil')));
    assert.ok(existsSync(orion(h.dir, 'skills', 'sync-pages', 'SKILL.md')));
  } finally {
    await h.close();
  }
});

test('world_updates that do not match the schema cost only themselves', async () => {
  const h = await startHarness({ script: () => withWorld([{ op: 'assert', name: 42 }]) });
  try {
    await enqueue(h, 't1');
    await h.runtime.drain();
    const body = await new Git(orion(h.dir)).raw(['log', '-1', '--format=%B']);
    assert.match(body, /world: rejected \(unnamed\) malformed world_updates: 0\.name: Invalid input/);
    assert.match(body, /outcome: success; reward \+1, audit \+1/);
    assert.equal(h.server.requests.length, 1, 'no repair turn was needed');
  } finally {
    await h.close();
  }
});

test("learning: none refuses world updates; the LLM audit is a second call that can lower the score", async () => {
  const yaml = 'agents:\n  - name: orion\n    persona: p\n    learning: none\n    reward_audit: { method: llm }\n';
  const isAudit = (req: ScriptRequest) => JSON.stringify(req.responseFormat?.schema ?? {}).includes('audit_score');
  const h = await startHarness({
    agentsYaml: yaml,
    script: (req) => (isAudit(req) ? { json: { audit_score: -1, reason: 'the answer does not sync anything' } satisfies typeof AuditReply._zod.output } : withWorld([update('assert')])),
  });
  try {
    await enqueue(h, 't1');
    await h.runtime.drain();
    assert.equal(h.server.requests.length, 2);
    const body = await new Git(orion(h.dir)).raw(['log', '-1', '--format=%B']);
    assert.match(body, /world: rejected vendor rate limit learning is none/);
    assert.match(body, /reward \+1, audit -1/);
    assert.match(body, /audit: no verify command; self-score accepted; llm audit -1: the answer does not sync anything/);
    assert.ok(!existsSync(orion(h.dir, 'world', 'hypotheses', 'vendor-rate-limit.md')));
    const ctx = readFileSync(orion(h.dir, 'context.md'), 'utf8');
    assert.match(ctx, /^Task: t1/);
  } finally {
    await h.close();
  }
});
