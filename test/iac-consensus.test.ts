// Consensus end to end over real HTTP: orion discovers and proposes, revu and lex vote with
// cheap calls, the segment appears in shared/ and in lex's next context, then orion's
// contradiction re-opens it. Every step is a commit in the shared repository.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { iacMetrics } from '../src/iac/index.ts';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';
import { THREE_AGENTS_YAML, voteOf, voteReply } from './support/iac-harness.ts';

const belief = (op: string, over: Record<string, unknown> = {}) => ({
  op, kind: 'entity', name: 'vendor rate limit', claim: op === 'assert' ? 'Vendor X allows 100 requests per minute' : null,
  aliases: [], tags: ['api', 'rate-limit', 'shareable'], evidence: `${op}: HTTP 429 after request 100`, ...over,
});
const withWorld = (updates: unknown[]) => {
  const r = report({ skill: null }) as { json: Record<string, unknown> };
  return { json: { ...r.json, world_updates: updates } };
};

test('a promoted shareable belief is proposed, voted, accepted into a segment, used by a third agent, and re-opened', async () => {
  const plan: Record<string, unknown[]> = {
    t1: [belief('assert')],
    t2: [belief('support')],
    t4: [belief('contradict', { evidence: 'the limit was 60 per minute today' })],
  };
  const h = await startHarness({
    agentsYaml: THREE_AGENTS_YAML,
    script: (req) => (voteOf(req) ? voteReply('yes', 'matches the 429s I saw') : withWorld(plan[taskIdOf(req)] ?? [])),
  });
  try {
    const at = (n: number) => `2026-01-01T00:00:0${n}Z`;
    await h.runtime.enqueue('orion', { id: 't1', task: 'Sync the vendor API within its rate limit.', priority: 'normal', created: at(1) });
    await h.runtime.enqueue('orion', { id: 't2', task: 'Sync the vendor API again within its rate limit.', priority: 'normal', created: at(2), verify: 'true' });
    await h.runtime.drain();

    const shared = path.join(h.dir, 'shared');
    const prop = readFileSync(path.join(shared, 'iac/proposals/prop-001.md'), 'utf8');
    assert.match(prop, /proposer: orion/);
    assert.match(prop, /status: accepted/);
    assert.match(prop, /- revu: yes — matches the 429s I saw/);
    assert.match(prop, /- lex: yes/);
    const seg = readFileSync(path.join(shared, 'iac/segments/vendor-rate-limit.md'), 'utf8');
    assert.match(seg, /status: accepted/);
    assert.match(seg, /proposed by orion in prop-001/);
    assert.match(seg, /Vendor X allows 100 requests per minute/);
    // Each voter judged against its own world model, in a vote prompt naming the claim.
    const votes = h.server.requests.filter((r) => JSON.stringify(r.body).includes('# Vote prop-001'));
    assert.equal(votes.length, 2);
    assert.match(JSON.stringify(votes[0].body), /You are (revu|lex)\./);

    // The third agent retrieves the segment into its context, marked as shared.
    await h.runtime.enqueue('lex', { id: 't3', task: 'How many vendor API requests per minute are allowed by the rate limit?', priority: 'normal', created: at(3) });
    await h.runtime.drain();
    const t3 = h.server.requests.find((r) => JSON.stringify(r.body).includes('# Task t3'))!;
    assert.match(JSON.stringify(t3.body), /Shared segment vendor-rate-limit/);
    assert.match(readFileSync(path.join(h.dir, 'agents/lex/context.md'), 'utf8'), /shared\/iac\/segments\/vendor-rate-limit\.md/);

    // A later contradiction by the proposer re-opens the segment.
    await h.runtime.enqueue('orion', { id: 't4', task: 'Sync the vendor API; it throttled early.', priority: 'normal', created: at(4) });
    await h.runtime.drain();
    const reopened = readFileSync(path.join(shared, 'iac/segments/vendor-rate-limit.md'), 'utf8');
    assert.match(reopened, /status: reopened/);
    assert.match(reopened, /CONTESTED \(re-opened by orion/);

    const log = (await new Git(shared).raw(['log', '--reverse', '--format=%s'])).trim().split('\n');
    assert.deepEqual(log.slice(1).map((s) => s.replace(/ → accepted$/, ' →accepted')), [
      'orion(propose): prop-001 vendor-rate-limit',
      log[2].startsWith('revu') ? 'revu(vote): prop-001 yes' : 'lex(vote): prop-001 yes',
      log[3].startsWith('revu') ? 'revu(vote): prop-001 yes →accepted' : 'lex(vote): prop-001 yes →accepted',
      'orion(reopen): iac/segments/vendor-rate-limit.md',
    ]);
    assert.equal((await new Git(shared).statusPorcelain()).trim(), '');

    const m = await iacMetrics(h.dir);
    assert.deepEqual([m.proposals.total, m.proposals.accepted, m.proposals.acceptance_rate], [1, 1, 1]);
    assert.ok(m.time_to_consensus_s.mean !== null && m.time_to_consensus_s.mean >= 0);
    assert.deepEqual([m.segments.total, m.segments.reopened], [1, 1]);
    assert.ok(m.segments.retrieved_in_tasks >= 1, 'lex\'s task retrieved the segment');
    assert.equal(m.segments.useful_rate, 1);
  } finally {
    await h.close();
  }
});

test('a no-majority proposal is rejected and archived; nothing reaches segments', async () => {
  const plan: Record<string, unknown[]> = { t1: [belief('assert')], t2: [belief('support')] };
  const h = await startHarness({
    agentsYaml: THREE_AGENTS_YAML,
    script: (req) => (voteOf(req) ? voteReply('no', 'I saw 60 per minute') : withWorld(plan[taskIdOf(req)] ?? [])),
  });
  try {
    await h.runtime.enqueue('orion', { id: 't1', task: 'Sync the vendor API.', priority: 'normal', created: '2026-01-01T00:00:01Z' });
    await h.runtime.enqueue('orion', { id: 't2', task: 'Sync the vendor API again.', priority: 'normal', created: '2026-01-01T00:00:02Z', verify: 'true' });
    await h.runtime.drain();
    const shared = path.join(h.dir, 'shared');
    assert.ok(!existsSync(path.join(shared, 'iac/proposals/prop-001.md')));
    assert.match(readFileSync(path.join(shared, 'iac/proposals/archive/prop-001.md'), 'utf8'), /status: rejected/);
    assert.ok(!existsSync(path.join(shared, 'iac/segments/vendor-rate-limit.md')));
  } finally {
    await h.close();
  }
});
