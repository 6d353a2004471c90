// Wilson intervals, the sign test and the seeded bootstrap against known values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapMean, bootstrapRatio, signTest, wilson } from './stats.ts';

const near = (a: number, b: number, eps = 1e-3) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('Wilson intervals match published values', () => {
  const w = wilson(8, 10);
  near(w.low, 0.4902);
  near(w.high, 0.9433);
  assert.deepEqual(wilson(0, 0), { low: 0, high: 1 });
  near(wilson(0, 20).high, 0.1611);
});

test('the sign test is exact and two-sided', () => {
  near(signTest(11, 0).p, 2 / 2048);
  near(signTest(6, 4).p, 0.7539);
  assert.equal(signTest(0, 0).p, 1);
});

test('the bootstrap is reproducible and brackets the estimate', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const a = bootstrapMean(xs)!;
  assert.deepEqual(a, bootstrapMean(xs));
  assert.ok(a.low < 5.5 && a.high > 5.5 && a.low > 2 && a.high < 9);
  const r = bootstrapRatio([{ num: 2, den: 1 }, { num: 0, den: 0 }, { num: 4, den: 1 }])!;
  assert.ok(r.low >= 2 && r.high <= 4);
  assert.equal(bootstrapRatio([]), null);
});
