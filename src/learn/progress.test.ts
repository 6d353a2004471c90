import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learningProgress, type HistoryCommit } from './progress.ts';

const task = (id: string, reward: string, audit: string, extra: string[] = [], hour = 0): HistoryCommit => ({
  date: new Date(Date.UTC(2026, 0, 1, hour)).toISOString(),
  subject: `orion(task): ${id}`,
  body: [`outcome: success; reward ${reward}, audit ${audit}; model m`, 'context: 900 tokens; retrieved 100 of 1000; 5 included, 2 excluded', ...extra, '', 'answer'].join('\n'),
});

describe('learningProgress', () => {
  it('computes the seed 000 metrics from task commit lines', () => {
    const commits: HistoryCommit[] = [
      { date: '2026-01-01T00:00:00Z', subject: 'init: agent filesystem', body: '' },
      task('t1', '+1', '-1', ['skill earned: a', 'world: added x as an entity hypothesis: X (confidence 0.67; evidence 1 for, 0 against)'], 1),
      task('t2', '+1', '+1', ['skill strengthened: a', 'world: supported x (…)', 'world: promoted x to a confirmed entity (…)'], 2),
      task('t3', '-1', '-1', ['world: contradicted x (…)', 'world: added y as a relation hypothesis: Y (…)'], 3),
      task('t4', '+1', '+1', ['world: contradicted x (…)', 'world: demoted x to a hypothesis (…)', 'world: merged y z → y (…)'], 5),
      { date: '2026-01-01T06:00:00Z', subject: 'orion(dead-letter): t5', body: 'model failed' },
    ];
    const p = learningProgress(commits, 5);
    assert.equal(p.tasks, 5);
    assert.equal(p.dead_lettered, 1);
    assert.deepEqual(p.success_over_time.map((w) => w.success), [0, 1, 0, 1, 0]);
    assert.equal(p.skill_reuse_rate, 0.5);
    assert.equal(p.hypothesis_promotion_rate, 0.5);
    assert.deepEqual(p.contradiction_correction, { corrected: 1, open: 0, mean_tasks: 2, mean_hours: 2 });
    assert.equal(p.duplicate_concepts_collapsed, 1);
    assert.equal(p.audit_divergence_rate, 0.25);
    assert.equal(p.context_efficiency.mean_context_tokens, 900);
    assert.equal(p.context_efficiency.mean_retrieved_share, 0.1);
    assert.equal(p.context_efficiency.context_tokens_per_success, 1800);
  });
  it('is empty, not broken, for an agent with no tasks', () => {
    const p = learningProgress([]);
    assert.equal(p.tasks, 0);
    assert.deepEqual(p.success_over_time, []);
    assert.equal(p.audit_divergence_rate, null);
  });
  it('computes the routing measures, the collapse rate and judge pass rates from route:, cost:, world: and judge: lines', () => {
    const route = (tier: string, verdict: string, cost: string) => [`route: novel → ${tier}, answered by m; model_appropriate: ${verdict}`, `cost: ${cost}, 1000 tokens in 1 request(s)`];
    const commits: HistoryCommit[] = [
      task('t1', '+1', '+1', [...route('strongest', 'right', '$0.03'), 'world: added a as an entity hypothesis: A (…)', 'judge: tests pass 1 (tests) 3 passed', 'judge: lint fail 0 (lint) exit 1']),
      task('t2', '+1', '-1', [...route('strongest', 'underpowered', '$0.03'), 'world: added b as an entity hypothesis: B (…)', 'judge: tests error (tests) timed out']),
      task('t3', '+1', '+1', [...route('cheap-fast', 'right', '$0.001'), 'world: added c as an entity hypothesis: C (…)', 'world: added d as an entity hypothesis: D (…)']),
      task('t4', '+1', '+1', [...route('cheap-fast', 'right', 'unpriced'), 'world: merged a b, c → a (duplicate concept; all evidence kept)', 'judge: tests pass 1 (tests) ok']),
    ];
    const p = learningProgress(commits, 2);
    assert.equal(p.routing.routed_tasks, 4);
    assert.equal(p.routing.cost_per_success, 0.020333);
    assert.equal(p.routing.tokens_per_success, 1333.3);
    assert.deepEqual(p.routing.tier_mix, [{ strongest: 1 }, { 'cheap-fast': 1 }]);
    assert.deepEqual(p.routing.expensive_share, { first: 1, second: 0, reduction: 1 });
    assert.equal(p.routing.underpowered_rate, 0.25);
    assert.equal(p.duplicate_concept_collapse_rate, 0.5, '2 of 4 added concepts were collapsed as duplicates');
    assert.deepEqual(p.judges.tests, { pass: 2, fail: 0, error: 1, pending: 0, pass_rate: 0.667 });
    assert.equal(p.judges.lint.pass_rate, 0);
  });
});
