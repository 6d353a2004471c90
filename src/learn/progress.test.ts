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
});

it('the task timeline: one point per task or dead letter, effective = min(self, audit), skills earned', async () => {
  const { taskTimeline } = await import('./timeline.ts');
  const points = taskTimeline([
    { date: '2026-01-01T00:00:00Z', subject: 'init: agent filesystem', body: '' },
    { date: '2026-01-01T00:01:00Z', subject: 'orion(task): a', body: 'outcome: success; reward +1, audit 0; model m\nskill earned: x\n' },
    { date: '2026-01-01T00:02:00Z', subject: 'orion(dead-letter): b', body: 'model failed' },
    { date: '2026-01-01T00:03:00Z', subject: 'orion(label): a', body: 'label: correct' },
  ]);
  assert.deepEqual(points, [
    { task: 'a', date: '2026-01-01T00:01:00Z', reward: 1, audit: 0, effective: 0, skillEarned: true, deadLettered: false },
    { task: 'b', date: '2026-01-01T00:02:00Z', reward: -1, audit: -1, effective: -1, skillEarned: false, deadLettered: true },
  ]);
});
