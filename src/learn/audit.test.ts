import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditScore, isRefusal } from './audit.ts';
import { report } from './test-support.ts';

const verify = (passed: boolean, extra: { exitCode?: number | null; timedOut?: boolean } = {}) => ({
  passed,
  exitCode: extra.exitCode ?? (passed ? 0 : 1),
  timedOut: extra.timedOut ?? false,
});

describe('auditScore', () => {
  it('follows a verify command over the self-score', () => {
    assert.equal(auditScore({ report: report({ reward: -1, outcome: 'failure' }), verify: verify(true) }).score, 1);
    const failed = auditScore({ report: report({ reward: 1 }), verify: verify(false) });
    assert.equal(failed.score, -1);
    assert.match(failed.reason, /exited with 1/);
    assert.match(auditScore({ report: report(), verify: verify(false, { exitCode: null, timedOut: true }) }).reason, /timed out/);
  });
  it('scores an empty or whitespace response -1', () => {
    assert.equal(auditScore({ report: report({ response: '  \n\t' }) }).score, -1);
  });
  it('scores a refusal -1', () => {
    for (const r of ["I cannot do that.", "Sorry, I can't help with this.", 'As an AI, I have no access.', 'I can’t help here']) {
      assert.equal(auditScore({ report: report({ response: r }) }).score, -1, r);
    }
  });
  it('does not mistake a late quote for a refusal', () => {
    const long = `${'Here is the fix. '.repeat(20)}The log said "I cannot connect".`;
    assert.equal(isRefusal(long), false);
  });
  it('scores a failure claimed as +1 as 0', () => {
    assert.equal(auditScore({ report: report({ outcome: 'failure', reward: 1 }) }).score, 0);
  });
  it('otherwise accepts the self-score', () => {
    for (const reward of [1, 0, -1] as const) {
      assert.equal(auditScore({ report: report({ reward, outcome: 'partial' }) }).score, reward);
    }
  });
});
