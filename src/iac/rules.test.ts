// The pure rules of working together: quorum, reputation and its guards, dispatch, plan levels, config.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseAgentsYaml, resolveIacPolicy } from '../config/index.ts';
import type { RewardEntry } from '../learn/index.ts';
import { checkIntake, QueueFullError } from './backpressure.ts';
import { rankCards, chooseAgent, NoAgentError, type AgentCard } from './dispatch.ts';
import { planLevels, PlanError } from './plan.ts';
import { parseProposal, renderProposal, tally, withVote, type Proposal } from './proposal.ts';
import { reputationOf } from './reputation.ts';

const policy = resolveIacPolicy({ consensus: { min_voters: 2, majority: 0.66, ttl_seconds: 60 } });
const now = new Date('2026-03-01T12:00:00Z');
const prop = (over: Partial<Proposal> = {}): Proposal => ({
  id: 'prop-001', subject: 's', topic: 's', proposer: 'orion', claim: 'c', evidence: [], tags: [], votes: [], status: 'open',
  created: '2026-03-01T11:59:30Z', ttl_seconds: 60, decided_at: null, reopens: null, ...over,
});
const vote = (p: Proposal, voter: string, v: 'yes' | 'no' | 'abstain') => withVote(p, { voter, vote: v, reason: '', at: now.toISOString() });

test('quorum: min voters, majority, out-of-reach rejection, TTL expiry, one vote per voter', () => {
  let p = vote(prop(), 'revu', 'yes');
  assert.equal(tally(p, policy, 3, now).decision, 'open');
  assert.equal(tally(vote(p, 'lex', 'yes'), policy, 3, now).decision, 'accepted');
  assert.equal(tally(vote(vote(p, 'lex', 'no'), 'iris', 'no'), policy, 3, now).decision, 'rejected');
  assert.equal(tally(vote(p, 'lex', 'abstain'), policy, 2, now).decision, 'accepted', 'an abstention counts toward min voters only');
  assert.equal(tally(prop(), policy, 1, now).decision, 'rejected', 'too few eligible voters');
  assert.equal(tally(p, policy, 3, new Date('2026-03-01T12:01:00Z')).decision, 'expired');
  p = vote(vote(p, 'revu', 'no'), 'revu', 'yes');
  assert.equal(p.votes.length, 1);
});

test('the proposal file round-trips and pins its format', () => {
  const fixture = readFileSync(path.join(import.meta.dirname, 'fixtures', 'prop-001.md'), 'utf8');
  const p = parseProposal(fixture, 'prop-001.md');
  assert.equal(p.subject, 'API rate limiter taxonomy');
  assert.deepEqual(p.votes.map((v) => `${v.voter}:${v.vote}`), ['revu:yes', 'lex:yes']);
  assert.equal(renderProposal(p), fixture);
});

const reward = (created: string, audit: -1 | 0 | 1, reason = 'verify command passed'): RewardEntry => ({
  task: created, outcome: 'success', reward: 1, audit_score: audit, audit_reason: reason, context_tags: [], reasoning_demand: null, model_used: 'm',
  model_appropriate: null, world_model_update: null, reward_decomposition: null, tokens: { input: 0, output: 0 }, cost: null, duration_ms: 1, created,
});

test('reputation: audited, decaying, shrunk, and a burst of trivial perfect scores counts once', () => {
  const steady = Array.from({ length: 6 }, (_, i) => reward(`2026-02-2${i}T10:00:00Z`, 1));
  const burst = Array.from({ length: 30 }, (_, i) => reward(`2026-03-01T11:${String(i).padStart(2, '0')}:00Z`, 1, 'no verify command; self-score accepted'));
  const r1 = reputationOf(steady, now);
  const r2 = reputationOf(burst, now);
  assert.ok(r1.score > r2.score, `steady ${r1.score} > burst ${r2.score}`);
  assert.ok(r2.score < r1.score / 2, `thirty unverified +1 in half an hour (${r2.score}) are worth less than half of six verified ones (${r1.score})`);
  const old = reputationOf(steady, new Date('2026-06-01T00:00:00Z'));
  assert.ok(old.weight < r1.weight / 20, 'it decays');
  assert.ok(reputationOf([reward('2026-02-28T10:00:00Z', -1)], now).score < 0);
});

const card = (name: string, domain: string, over: Partial<AgentCard> = {}): AgentCard => ({
  name, domain, persona: '', hints: [], skills: [], topics: [], reputation: { score: 0, weight: 0, recentSuccess: null }, queued: 0, maxQueue: 10, ...over,
});

test('dispatch: the best card wins; reputation breaks ties; full queues never win', () => {
  const cards = [card('orion', 'Backend engineering APIs'), card('lex', 'Legal contracts licensing')];
  assert.equal(chooseAgent('Check the licensing contract', cards).agent, 'lex');
  const tie = [card('a', 'backend'), card('b', 'backend', { reputation: { score: 0.5, weight: 5, recentSuccess: 1 } })];
  assert.equal(chooseAgent('backend work', tie).agent, 'b');
  const full = [card('lex', 'Legal contracts', { queued: 10 }), card('orion', 'Backend')];
  assert.equal(chooseAgent('contracts', full).agent, 'orion');
  assert.equal(rankCards('contracts', full)[1].score, -Infinity);
  assert.throws(() => chooseAgent('x', [card('lex', 'Legal', { queued: 10 })]), NoAgentError);
});

test('plan levels: topological by level; cycles and unknown ids refused', () => {
  const s = (id: string, after: string[] = []) => ({ id, task: id, capability: null, after });
  assert.deepEqual(planLevels([s('d', ['b', 'c']), s('b', ['a']), s('c', ['a']), s('a'), s('e', ['d'])]), [['a'], ['b', 'c'], ['d'], ['e']]);
  assert.throws(() => planLevels([s('a', ['b']), s('b', ['a'])]), PlanError);
  assert.throws(() => planLevels([s('a', ['zz'])]), /not in the plan/);
});

test('config: seed 001\'s iac section and throughput_class; backpressure depths per class', () => {
  const { agents, warnings } = parseAgentsYaml(`agents:
  - name: orion
    persona: p
    throughput_class: slow
  - name: revu
    persona: p
iac:
  default_message_ttl: 300
  dead_letter_path: "/data/shared/iac/dead_letters/"
  backpressure:
    enabled: true
    max_queue_depth_per_agent: 10
`);
  assert.deepEqual(warnings, []);
  assert.equal(agents[0].throughputClass, 'slow');
  assert.equal(agents[0].iac?.defaultMessageTtl, 300);
  assert.deepEqual(agents[0].iac?.maxQueueDepth, { slow: 5, medium: 10, fast: 20 });
  checkIntake(agents[0], 4);
  assert.throws(() => checkIntake(agents[0], 5), QueueFullError);
  checkIntake(agents[1], 9);
  assert.throws(() => parseAgentsYaml('agents:\n  - name: a\n    persona: p\n    throughput_class: turbo\n'), /throughput_class/);
});

test('an open proposal past its TTL is expired and archived by the sweep', async () => {
  const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
  const os = await import('node:os');
  const { bootstrapShared } = await import('../kernel/index.ts');
  const { Consensus } = await import('./consensus.ts');
  const { SharedRepo } = await import('./shared-repo.ts');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-iac-'));
  try {
    await bootstrapShared(dir);
    const c = new Consensus(new SharedRepo(dir), policy, ['orion', 'revu', 'lex']);
    const p = (await c.propose('orion', { topic: 't', subject: 't', claim: 'c', evidence: [], tags: [] }, now))!;
    assert.deepEqual(await c.sweep(new Date(now.getTime() + 30_000)), []);
    assert.deepEqual(await c.sweep(new Date(now.getTime() + 61_000)), [p.id]);
    assert.ok(!existsSync(path.join(dir, 'shared/iac/proposals', `${p.id}.md`)));
    assert.equal((await c.load(p.id)).status, 'expired');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
