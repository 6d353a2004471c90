// The routing rules alone: demand from features, the learned tier choice, evidence, and
// model_appropriate from outcomes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chooseTier, clusterEvidence, DEFAULT_ROUTE_TABLE, expectedSuccess, judgeAppropriate, outcomeScore,
  predictDemand, Router, taskTags, type DemandFeatures, type RouteInput,
} from './index.ts';

const base: DemandFeatures = {
  explicit: null, skill_match: 0, skill: null, familiarity: 0, history_n: 0, history_success: null,
  cheapest_n: 0, cheapest_success: null, priority: 'normal', risk: 'medium',
};
const demand = (over: Partial<DemandFeatures>) => predictDemand({ ...base, ...over }).demand;

test('demand: seed 000 decision logic from observable features', () => {
  assert.equal(demand({}), 'novel', 'no skill, no familiar entities, no history');
  assert.equal(demand({ skill_match: 1, skill: 's', familiarity: 0.8 }), 'routine', 'known skill + known entities');
  assert.equal(demand({ skill_match: 1, skill: 's', history_n: 3, history_success: 0.9 }), 'routine', 'known skill + past successes');
  assert.equal(demand({ skill_match: 1, skill: 's' }), 'moderate', 'a skill but unproven ground');
  assert.equal(demand({ history_n: 1, history_success: 1 }), 'moderate');
  assert.equal(demand({ skill_match: 1, familiarity: 1, cheapest_n: 3, cheapest_success: 0.2 }), 'moderate', 'the cheap tier keeps failing these');
  assert.equal(demand({ explicit: 'consensus' }), 'consensus');
  assert.equal(demand({ risk: 'critical', priority: 'high' }), 'consensus');
});

test('demand: priority and risk push up, never down', () => {
  assert.equal(demand({ skill_match: 1, familiarity: 1, priority: 'high' }), 'moderate');
  assert.equal(demand({ priority: 'high' }), 'novel');
  assert.equal(demand({ skill_match: 1, familiarity: 1, risk: 'high' }), 'moderate');
  assert.equal(demand({ skill_match: 1, familiarity: 1, risk: 'critical' }), 'novel');
  assert.equal(demand({ skill_match: 1, familiarity: 1, priority: 'low', risk: 'low' }), 'routine');
});

test('policy: the table is the prior; without evidence its tier is chosen', () => {
  const exp = (tableTier: 'cheap-fast' | 'balanced' | 'strongest') => ({
    'cheap-fast': expectedSuccess({ prior: tableTier === 'cheap-fast' ? 0.9 : 0.5, text: undefined, textSeen: 0, evidence: { successes: 0, failures: 0 } }),
    balanced: expectedSuccess({ prior: tableTier === 'strongest' ? 0.5 : 0.9, text: undefined, textSeen: 0, evidence: { successes: 0, failures: 0 } }),
    strongest: 0.9,
  });
  assert.equal(chooseTier(exp('cheap-fast'), 0.8).tier, 'cheap-fast');
  assert.equal(chooseTier(exp('balanced'), 0.8).tier, 'balanced');
  assert.equal(chooseTier(exp('strongest'), 0.8).tier, 'strongest');
  assert.equal(chooseTier({ 'cheap-fast': 0.3, balanced: 0.6, strongest: 0.5 }, 0.8).tier, 'balanced', 'none reaches the target: the likeliest');
});

test('policy: evidence moves the prior (Beta), cheap successes make the cheap tier enough', () => {
  const prior = 0.5;
  const none = expectedSuccess({ prior, text: undefined, textSeen: 0, evidence: { successes: 0, failures: 0 } });
  const good = expectedSuccess({ prior, text: undefined, textSeen: 0, evidence: { successes: 8, failures: 0 } });
  const bad = expectedSuccess({ prior: 0.9, text: undefined, textSeen: 0, evidence: { successes: 0, failures: 6 } });
  assert.equal(none, 0.5);
  assert.ok(good >= 0.8, `8 successes → ${good}`);
  assert.ok(bad < 0.5, `6 failures → ${bad}`);
});

test('evidence: tag overlap weights, and monotone (a success counts up, a failure down)', () => {
  const ev = clusterEvidence([
    { tags: ['api', 'retry'], attempts: [{ tier: 'cheap-fast', success: 1 }] },
    { tags: ['api', 'pagination'], attempts: [{ tier: 'balanced', success: 0 }] },
    { tags: ['css'], attempts: [{ tier: 'strongest', success: 0 }] },
  ], ['api', 'retry']);
  assert.deepEqual(ev['cheap-fast'], { successes: 1, failures: 0.5 * (1 / 3) });
  assert.deepEqual(ev.balanced, { successes: 0.5, failures: 1 / 3 });
  assert.deepEqual(ev.strongest, { successes: 0.5, failures: 0 });
  assert.deepEqual(clusterEvidence([{ tags: ['x'], attempts: [{ tier: 'balanced', success: 1 }] }], []).balanced, { successes: 0, failures: 0 });
});

test('model_appropriate comes from outcomes', () => {
  const none = clusterEvidence([], []);
  const a = (over: Partial<Parameters<typeof judgeAppropriate>[0]>) =>
    judgeAppropriate({ tier: 'balanced', success: 1, demand: 'moderate', routineTier: 'cheap-fast', evidence: none, target: 0.8, ...over }).verdict;
  assert.equal(a({ success: 0 }), 'underpowered');
  assert.equal(a({}), 'right');
  assert.equal(a({ demand: 'routine', tier: 'strongest' }), 'overpowered', 'routine work on the strongest tier');
  const cheapWorks = clusterEvidence(Array.from({ length: 5 }, () => ({ tags: ['a'], attempts: [{ tier: 'cheap-fast' as const, success: 1 }] })), ['a']);
  assert.equal(a({ evidence: cheapWorks }), 'overpowered', 'a cheaper tier is known to do this');
  const cheapFails = clusterEvidence(Array.from({ length: 5 }, () => ({ tags: ['a'], attempts: [{ tier: 'cheap-fast' as const, success: 0 }] })), ['a']);
  assert.equal(a({ demand: 'routine', evidence: cheapFails }), 'right', 'routine, but the cheap tier fails it');
  assert.equal(outcomeScore({ verified: false, effectiveReward: 1 }), 0, 'verify beats the self-score');
  assert.equal(outcomeScore({ verified: true, effectiveReward: -1 }), 1);
  assert.equal(outcomeScore({ effectiveReward: 0 }), 0.5);
});

test('tags: own tags plus known tags found in the text', () => {
  assert.deepEqual(taskTags('Fix the API retry loop', ['Backend'], ['api', 'retry', 'sql', 'rate-limit']), ['api', 'backend', 'retry']);
  assert.deepEqual(taskTags('handle the rate limit', [], ['rate-limit']), ['rate-limit']);
});

const input = (over: Partial<RouteInput> = {}): RouteInput => ({
  text: 'Write a parameterized SQL query for the orders table', tags: [], priority: 'normal', skills: [], familiarity: 0,
  riskLevel: 'medium', targetSuccess: 0.8, learn: true, table: DEFAULT_ROUTE_TABLE, ...over,
});

test('router: a novel task goes to the strongest; a learned skill and successes make it routine and cheap', () => {
  const r = new Router();
  const first = r.decide(input());
  assert.equal(first.demand, 'novel');
  assert.equal(first.tier, 'strongest');
  for (let i = 0; i < 3; i++) r.observe({ text: `SQL query ${i}`, tags: ['sql', 'query'], attempts: [{ tier: 'strongest', success: 1 }] });
  const skills = [{ name: 'sql-parameterization', description: 'Parameterized SQL queries', tags: ['sql'] }];
  const later = r.decide(input({ skills }));
  assert.deepEqual(later.tags, ['query', 'sql']);
  assert.equal(later.demand, 'routine', later.reason);
  assert.equal(later.tier, 'cheap-fast');
  // The cheap tier then fails these: evidence overrides the table.
  for (let i = 0; i < 4; i++) r.observe({ text: `SQL query ${i}`, tags: ['sql', 'query'], attempts: [{ tier: 'cheap-fast', success: 0 }, { tier: 'balanced', success: 1 }] });
  const after = r.decide(input({ skills }));
  assert.equal(after.demand, 'moderate', after.reason);
  assert.match(after.reason, /the cheapest tier failed similar tasks/);
  assert.equal(after.tier, 'balanced');
  // Even when the task insists it is routine, the evidence moves it off the failing tier.
  const insisted = r.decide(input({ skills, explicitDemand: 'routine' }));
  assert.equal(insisted.tableTier, 'cheap-fast');
  assert.notEqual(insisted.tier, 'cheap-fast');
  assert.match(insisted.reason, /learned: cheapest tier expected to succeed/);
});

test('router: the learned policy off obeys the table; consensus is never downgraded', () => {
  const r = new Router();
  for (let i = 0; i < 10; i++) r.observe({ text: 'SQL', tags: ['sql'], attempts: [{ tier: 'cheap-fast', success: 1 }] });
  assert.equal(r.decide(input({ tags: ['sql'] })).tier, 'cheap-fast', 'evidence: cheap is enough');
  assert.equal(r.decide(input({ tags: ['sql'], learn: false })).tier, r.decide(input({ tags: ['sql'], learn: false })).tableTier);
  const c = r.decide(input({ tags: ['sql', 'consensus'] }));
  assert.equal(c.demand, 'consensus');
  assert.equal(c.consensus, true);
  assert.equal(c.tier, 'strongest');
  assert.equal(r.decide(input({ explicitDemand: 'routine', learn: false })).tier, 'cheap-fast');
});
