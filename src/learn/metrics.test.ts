// Success metrics from history lines, as the pipeline writes them (pipeline.ts commitMessage,
// tools/record-lines.ts, the label and dead-letter commits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMetric, successMetrics } from './metrics.ts';

const task = (id: string, body: string) => ({ date: '2026-05-01T00:00:00Z', subject: `orion(task): ${id}`, body });
const commits = [
  { date: '', subject: 'init: agent filesystem', body: '' },
  task('a', 'outcome: success; reward +1, audit +1; model m\nverify: passed\ncost: $0.002, 1000 tokens in 1 request(s)\n\nanswer\n\ntool calls (2):\n- write_file {"path":"x"} → ok, 10 B, 3 ms, approved by cli: fine\n- read_file {"path":"y"} → ok, 10 B, 1 ms'),
  task('b', 'outcome: success; reward +1, audit -1; model m\nverify: failed\ncascade: verify failed on cheap-fast, escalated to balanced\ncost: $0.004, 3000 tokens in 2 request(s)\n\nanswer\n\ntool calls (1):\n- shell {"command":"rm"} → denied, 0 B, 0 ms, denied by api: no'),
  task('c', 'outcome: success; reward +1, audit +1; model m\ncost: unpriced, 2000 tokens in 1 request(s)\nskill earned: x'),
  { date: '', subject: 'orion(dead-letter): d', body: 'reason' },
  { date: '', subject: 'orion(label): a', body: 'label: good\nby: cli at t' },
  { date: '', subject: 'orion(label): c', body: 'label: wrong\nby: cli at t' },
  { date: '', subject: 'orion(skills): imported 1 skill(s)', body: 'skill imported: y' },
];

test('every measure, with its direction and target', () => {
  const all = successMetrics(commits, [
    { name: 'solved', measure: 'success_rate', target: 0.5 },
    { name: 'checked', measure: 'verify_pass_rate', target: 0.9 },
    { name: 'people agree', measure: 'label_good_rate' },
    { name: 'reuse', measure: 'skill_reuse_rate' },
    { name: 'lost', measure: 'dead_letter_rate', target: 0.3 },
    { name: 'overclaims', measure: 'audit_divergence_rate', target: 0.1 },
    { name: 'refused', measure: 'approval_rejection_rate' },
    { name: 'escalated', measure: 'escalation_rate' },
    { name: 'spend', measure: 'cost_per_success_usd', target: 0.01 },
    { name: 'tokens', measure: 'tokens_per_task' },
  ]);
  const by = Object.fromEntries(all.map((m) => [m.name, [m.value, m.n, m.met]]));
  assert.deepEqual(by, {
    solved: [0.5, 4, true],
    checked: [0.5, 2, false],
    'people agree': [0.5, 2, undefined],
    reuse: [0, 1, undefined],
    lost: [0.25, 4, true],
    overclaims: [0.333, 3, false],
    refused: [0.5, 2, undefined],
    escalated: [0.333, 3, undefined],
    spend: [0.003, 2, true],
    tokens: [2000, 3, undefined],
  });
  assert.equal(formatMetric(all[1]), 'checked (verify_pass_rate): 50% over 2 — target ≥ 90%: NOT met');
  assert.equal(formatMetric(all[4]), 'lost (dead_letter_rate): 25% over 4 — target ≤ 30%: met');
  assert.equal(formatMetric(successMetrics([], [{ name: 'x', measure: 'success_rate', target: 1 }])[0]), 'x (success_rate): n/a (nothing to measure yet) — target ≥ 100%: not yet measurable');
});
