import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Breakers, CircuitBreaker } from './breaker.ts';

test('a circuit opens after N failures in a row, lets one trial through after the cooldown, closes on success', () => {
  let now = 1000;
  const b = new CircuitBreaker({ failures: 3, cooldownMs: 500 }, () => now);
  assert.equal(b.state, 'closed');
  b.onFailure();
  b.onFailure();
  b.onSuccess(); // a success in between resets the count
  b.onFailure();
  b.onFailure();
  assert.equal(b.state, 'closed');
  assert.ok(b.tryAcquire());
  b.onFailure();
  assert.equal(b.state, 'open');
  assert.equal(b.tryAcquire(), false, 'open: calls skip the provider');
  assert.equal(b.retryAt, 1500);
  now = 1499;
  assert.equal(b.tryAcquire(), false);
  now = 1500;
  assert.equal(b.state, 'half-open');
  assert.equal(b.tryAcquire(), true, 'one trial');
  assert.equal(b.tryAcquire(), false, 'only one trial at a time');
  b.onSuccess();
  assert.equal(b.state, 'closed');
  assert.ok(b.tryAcquire());
});

test('a failed trial re-opens at once for another cooldown; a released trial frees the slot', () => {
  let now = 0;
  const b = new CircuitBreaker({ failures: 1, cooldownMs: 100 }, () => now);
  b.onFailure();
  now = 100;
  assert.ok(b.tryAcquire());
  b.onFailure();
  assert.equal(b.state, 'open');
  assert.equal(b.retryAt, 200);
  now = 200;
  assert.ok(b.tryAcquire());
  b.release(); // e.g. the budget stopped the call before it went out
  assert.ok(b.tryAcquire(), 'the trial slot is free again');
});

test('breakers are per provider endpoint', () => {
  const all = new Breakers({ failures: 1, cooldownMs: 1000 }, () => 0);
  all.get('openai https://a/v1').onFailure();
  assert.equal(all.get('openai https://a/v1').state, 'open');
  assert.equal(all.get('openai https://b/v1').state, 'closed');
  assert.deepEqual(all.snapshot(), { 'openai https://a/v1': 'open', 'openai https://b/v1': 'closed' });
});
