import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditScore, combineAudits, isRefusal } from './audit.ts';
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
    for (const [reward, outcome] of [[1, 'success'], [0, 'partial'], [-1, 'failure'], [-1, 'partial']] as const) {
      assert.equal(auditScore({ report: report({ reward, outcome }) }).score, reward);
    }
  });
  it('scores a partial claimed as +1 as 0', () => {
    assert.match(auditScore({ report: report({ outcome: 'partial', reward: 1 }) }).reason, /outcome partial contradicts/);
  });
  it('reads the verify output: exit 0 with failures reported is 0, not +1', () => {
    for (const output of ['Tests: 3 failed, 10 passed', 'not ok 2 - parses dates', 'Traceback (most recent call last):\n  File "x.py"']) {
      const a = auditScore({ report: report(), verify: { ...verify(true), output } });
      assert.equal(a.score, 0, output);
      assert.match(a.reason, /output reports failures/);
    }
    assert.equal(auditScore({ report: report(), verify: { ...verify(true), output: '12 passed, 0 failed' } }).score, 1);
  });
  it('catches an answer that admits it could not finish yet scores +1', () => {
    assert.equal(auditScore({ report: report({ response: 'I was unable to reach the API, so here is a sketch.' }) }).score, 0);
  });
  it('compares a claimed file write with the tool calls that ran', () => {
    const says = report({ response: 'I wrote the function to sync.py and tested it.' });
    assert.equal(auditScore({ report: says, toolCalls: [] }).score, 0);
    assert.equal(auditScore({ report: says, toolCalls: [{ name: 'write_file', ok: false }] }).score, 0);
    assert.equal(auditScore({ report: says, toolCalls: [{ name: 'write_file', ok: true }] }).score, 1);
    assert.equal(auditScore({ report: says }).score, 1, 'without a record of tool calls there is no evidence either way');
  });
  it('lets an LLM audit lower the rule audit, never raise it', () => {
    const rule = { score: 1 as const, reason: 'r' };
    assert.equal(combineAudits(rule, { score: -1, reason: 'wrong answer' }).score, -1);
    assert.match(combineAudits(rule, { score: -1, reason: 'wrong answer' }).reason, /llm audit -1: wrong answer/);
    assert.equal(combineAudits({ score: -1, reason: 'r' }, { score: 1, reason: 'fine' }).score, -1);
    assert.equal(combineAudits(rule, undefined), rule);
  });
});
