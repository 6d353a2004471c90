import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateMajority, agreementWith, similarity } from './consensus.ts';

test('answers that say the same thing agree, whatever the formatting', () => {
  assert.equal(similarity('**The answer is 42.**', 'the answer is 42.'), 1);
  assert.ok(similarity('Use a token bucket limiter with jitter', 'Use a token bucket limiter with jitter.') >= 0.7);
  assert.ok(similarity('The answer is 42', 'The answer is 41') < 0.7);
});

test('majority: the answer most others agree with, and the share that agrees', () => {
  const m = aggregateMajority(['The answer is 41', 'the answer is 42', 'The answer is 42.']);
  assert.equal(m.index, 1);
  assert.equal(Math.round(m.agreement * 100), 67);
  assert.equal(m.majority, true);
  const split = aggregateMajority(['alpha beta', 'gamma delta', 'epsilon zeta']);
  assert.equal(split.majority, false);
  assert.equal(Math.round(split.agreement * 100), 33);
  assert.equal(agreementWith(['x y z', 'x y z', 'q'], 2), 1 / 3);
});
