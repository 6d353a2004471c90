// Providers under fault: the circuit breaker opens after repeated failures, calls fall back
// to the next configured model, a trial after the cooldown closes it again; with every
// provider down the task is dead-lettered with each model's reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Breakers, type CallLine, type TaskLine } from '../src/models/index.ts';
import { report, startRouting } from './support/routing-harness.ts';

const YAML = (u: Record<string, string>) => `models:
  circuit: { failures: 2, cooldown_s: 0.4 }   # the first test brings its own clock
  tiers:
    strongest:
      - { model: primary, base_url: ${u.a} }
      - { model: backup, base_url: ${u.b} }
agents:
  - name: orion
    persona: "Backend engineer."
`;
const task = (id: string) => ({ id, task: `novel task ${id}`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z' });

test('the breaker opens after repeated failures, calls fall back, a trial after the cooldown closes it', async () => {
  let aDown = true;
  let clock = 0;
  const breakers = new Breakers({ failures: 2, cooldownMs: 30_000 }, () => clock);
  const h = await startRouting({
    breakers,
    servers: {
      b: () => report({ skill: null, response: 'from backup' }),
      a: () => (aDown ? { status: 503, body: { error: { message: 'overloaded' } } } : report({ skill: null, response: 'from primary' })),
    },
    yaml: YAML,
  });
  try {
    for (const id of ['f1', 'f2', 'f3']) await h.runtime.enqueue('orion', task(id));
    await h.runtime.drain();
    // f1, f2: the primary fails (503) and the backup answers; then the circuit is open.
    assert.equal(h.servers.a.requests.length, 2, 'f3 skipped the open circuit');
    assert.equal(h.servers.b.requests.length, 3);
    const rewards = h.rewards();
    assert.deepEqual(rewards.map((r) => r.model_used), ['backup', 'backup', 'backup']);
    assert.equal(breakers.snapshot()[`openai-compatible ${h.servers.a.url}`], 'open');
    const failed = h.ledger().filter((l): l is CallLine => l.kind === 'call' && !l.ok);
    assert.deepEqual(failed.map((c) => [c.model, c.error]), [['primary', 'http 503'], ['primary', 'http 503']]);
    assert.ok(h.logs.some((l) => /falling back to the next model/.test(l)));

    // The provider recovers; after the cooldown one trial goes through and closes the circuit.
    aDown = false;
    clock += 30_000;
    await h.runtime.enqueue('orion', task('f4'));
    await h.runtime.enqueue('orion', task('f5'));
    await h.runtime.drain();
    assert.equal(h.servers.a.requests.length, 4);
    assert.equal(breakers.snapshot()[`openai-compatible ${h.servers.a.url}`], 'closed');
    assert.deepEqual(h.rewards().slice(-2).map((r) => r.model_used), ['primary', 'primary']);
  } finally {
    await h.close();
  }
});

test('with every provider failing the task is dead-lettered with each model’s reason, and its cost is kept', async () => {
  const h = await startRouting({
    servers: {
      b: () => ({ status: 500, body: { error: { message: 'backup exploded' } } }),
      a: () => ({ status: 429, headers: { 'retry-after': '3600' }, body: { error: { message: 'quota' } } }),
    },
    yaml: YAML,
  });
  try {
    await h.runtime.enqueue('orion', task('doomed'));
    await h.runtime.enqueue('orion', task('doomed-2'));
    await h.runtime.drain();
    const letter = readFileSync(h.agentDir('iac', 'dead_letters', 'doomed.md'), 'utf8');
    assert.match(letter, /kind: model-http/);
    assert.match(letter, /no model could answer \(act\)/);
    assert.match(letter, /"primary".*429/s);
    assert.match(letter, /"backup".*500/s);
    // Both dead-lettered; the ledger of failed calls went into the dead-letter commits.
    assert.ok(readFileSync(h.agentDir('iac', 'dead_letters', 'doomed-2.md'), 'utf8').includes('status: dead_letter'));
    const calls = h.ledger().filter((l): l is CallLine => l.kind === 'call');
    assert.ok(calls.length >= 4 && calls.every((c) => !c.ok));
    assert.equal(h.ledger().filter((l): l is TaskLine => l.kind === 'task').length, 0);
  } finally {
    await h.close();
  }
});
