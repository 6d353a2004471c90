import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysSince, effectiveEvidence, rankSkills } from './decay.ts';
import { skill } from './test-support.ts';

const now = new Date('2026-05-29T00:00:00.000Z');

describe('effectiveEvidence', () => {
  it('halves every half-life since the last success', () => {
    assert.equal(effectiveEvidence(skill('a', 8, '2026-05-29T00:00:00.000Z'), now, 14), 8);
    assert.equal(effectiveEvidence(skill('a', 8, '2026-05-15T00:00:00.000Z'), now, 14), 4);
    assert.equal(effectiveEvidence(skill('a', 8, '2026-05-01T00:00:00.000Z'), now, 14), 2);
    assert.ok(Math.abs(effectiveEvidence(skill('a', 2, '2026-05-22T00:00:00.000Z'), now, 14) - Math.SQRT2) < 1e-9);
  });
  it('does not grow for a success in the future', () => {
    assert.equal(effectiveEvidence(skill('a', 3, '2026-06-10T00:00:00.000Z'), now, 14), 3);
  });
  it('falls back to updated, then created, and disables decay without a date or half-life', () => {
    const s = { ...skill('a', 4, '2026-05-15T00:00:00.000Z'), last_success: null };
    assert.equal(effectiveEvidence(s, now, 14), 2);
    assert.equal(effectiveEvidence({ ...s, updated: null, created: null }, now, 14), 4);
    assert.equal(effectiveEvidence(skill('a', 4, '2020-01-01T00:00:00.000Z'), now, 0), 4);
    assert.equal(daysSince('not a date', now), undefined);
  });
  it('ranks a fresh skill above an old one with more raw evidence', () => {
    const old = skill('old', 10, '2026-01-01T00:00:00.000Z');
    const fresh = skill('fresh', 2, '2026-05-28T00:00:00.000Z');
    assert.deepEqual(rankSkills([old, fresh], now, 14).map((s) => s.name), ['fresh', 'old']);
  });
});
