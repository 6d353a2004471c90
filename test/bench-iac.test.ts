// The IAC benchmark runs and its figures hold against the baselines it measures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');

test('bench iac: card dispatch beats round-robin; the gamer ranks below the honest agent; no shared write lost', () => {
  const r = spawnSync(process.execPath, [BIN, 'bench', 'iac', '--json', '--writers', '8'], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.ok(out.dispatch.card_accuracy > out.dispatch.round_robin + 0.3, JSON.stringify(out.dispatch));
  assert.ok(out.reputation.gamer < out.reputation.honest);
  assert.equal(out.shared_writers.lost, 0);
});
