// The IAC benchmark runs and its figures hold against the baselines it measures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../bench/iac.ts';

test('bench iac: card dispatch beats round-robin; the gamer ranks below the honest agent; no shared write lost', async () => {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
  try {
    assert.equal(await run(['--json', '--writers', '8']), 0);
  } finally {
    process.stdout.write = write;
  }
  const r = JSON.parse(chunks.join('').trim().split('\n').pop()!);
  assert.ok(r.dispatch.card_accuracy > r.dispatch.round_robin + 0.3, JSON.stringify(r.dispatch));
  assert.ok(r.reputation.gamer < r.reputation.honest);
  assert.equal(r.shared_writers.lost, 0);
});
