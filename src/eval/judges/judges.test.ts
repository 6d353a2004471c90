// The judge kinds as pure rules: runner summaries, answer checks, how a command's end reads,
// and how the audit takes every judge's evidence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeAudit, type JudgeResult } from '../../learn/index.ts';
import { checkJudges, mergeJudges } from '../../store/index.ts';
import { containsJudge, jsonSchemaJudge, regexJudge } from './answer.ts';
import { interpret, NO_TOOL } from './commands.ts';
import { parseTestCounts } from './parse-counts.ts';

test('test-runner summaries give passed and failed counts', () => {
  const cases: [string, { passed: number; failed: number } | null][] = [
    ['===== 1 failed, 3 passed in 0.12s =====', { passed: 3, failed: 1 }],
    ['========= 5 passed in 1.02s =========', { passed: 5, failed: 0 }],
    ['Tests:       2 failed, 8 passed, 10 total', { passed: 8, failed: 2 }],
    ['ℹ tests 4\nℹ pass 3\nℹ fail 1', { passed: 3, failed: 1 }],
    ['# pass 7\n# fail 0', { passed: 7, failed: 0 }],
    ['  4 passing (12ms)\n  1 failing', { passed: 4, failed: 1 }],
    ['test result: FAILED. 3 passed; 2 failed; 0 ignored', { passed: 3, failed: 2 }],
    ['Ran 4 tests in 0.001s\n\nFAILED (failures=1, errors=1)', { passed: 2, failed: 2 }],
    ['--- PASS: TestA (0.00s)\n--- FAIL: TestB (0.00s)', { passed: 1, failed: 1 }],
    ['ok 1 - a\nnot ok 2 - b\nok 3 - c', { passed: 2, failed: 1 }],
    ['all good', null],
  ];
  for (const [out, want] of cases) assert.deepEqual(parseTestCounts(out), want, out);
});

test('a command result reads as pass, fail or judge error, never a pass when it could not judge', () => {
  const r = (exitCode: number | null, output: string, timedOut = false) => ({ command: 'x', exitCode, passed: exitCode === 0, output, timedOut });
  assert.equal(interpret(r(0, '3 passing'), 1000).status, 'pass');
  assert.equal(interpret(r(0, '3 passing'), 1000).score, 1);
  const failing = interpret(r(0, '== 1 failed, 3 passed in 0.1s =='), 1000);
  assert.equal(failing.status, 'fail');
  assert.equal(failing.score, 0.75);
  assert.equal(interpret(r(2, 'boom'), 1000).status, 'fail');
  assert.match(interpret(r(null, '', true), 60_000).evidence, /timed out after 60 s/);
  assert.equal(interpret(r(null, '', true), 1000).status, 'error');
  assert.equal(interpret(r(null, 'verify not run: bubblewrap missing'), 1000).status, 'error');
  assert.equal(interpret(r(127, 'sh: 1: pytest: not found'), 1000).status, 'error');
  assert.equal(interpret(r(3, `${NO_TOOL} for lint (eslint, ruff)`), 1000).status, 'error');
});

test('answer judges: regex, contains, json-schema', () => {
  assert.equal(regexJudge({ kind: 'regex', pattern: 'cursor\\s+pagination', flags: 'i' }, 'Use Cursor  pagination.').status, 'pass');
  assert.equal(regexJudge({ kind: 'regex', pattern: 'TODO', expect: 'no-match' }, 'done, TODO later').status, 'fail');
  const some = containsJudge({ kind: 'contains', text: ['retry', 'backoff', 'jitter'] }, 'retry with backoff');
  assert.equal(some.status, 'fail');
  assert.match(some.evidence, /missing "jitter"/);
  assert.equal(Math.round(some.score! * 100), 67);
  assert.equal(containsJudge({ kind: 'contains', text: ['x', 'backoff'], all: false }, 'Backoff').status, 'pass');
  assert.equal(containsJudge({ kind: 'contains', text: 'Backoff', case_sensitive: true }, 'backoff').status, 'fail');
  const schema = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };
  assert.equal(jsonSchemaJudge({ kind: 'json-schema', schema }, 'Result:\n```json\n{"total": 3}\n```').status, 'pass');
  assert.equal(jsonSchemaJudge({ kind: 'json-schema', schema }, '{"total": "three"}').status, 'fail');
  assert.equal(jsonSchemaJudge({ kind: 'json-schema', schema: { type: 'bogus' } }, '{}').status, 'error');
});

test('judge specs are checked where they are written, and merged with the defaults by name', () => {
  assert.deepEqual(checkJudges([{ kind: 'lint' }]), { judges: [{ kind: 'lint' }] });
  assert.match((checkJudges([{ kind: 'lint' }, { kind: 'command' }]) as { problem: string }).problem, /judges\[1\]\.run/);
  assert.match((checkJudges([{ kind: 'telepathy' }]) as { problem: string }).problem, /kind must be one of command, tests/);
  assert.match((checkJudges([{ kind: 'regex', pattern: '(' }]) as { problem: string }).problem, /not a valid regular expression/);
  assert.match((checkJudges([{ kind: 'tests', command: 'x' }]) as { problem: string }).problem, /Unrecognized key/);
  const merged = mergeJudges([{ kind: 'tests' }, { kind: 'lint', name: 'style' }], [{ kind: 'lint', name: 'style', run: 'true' }, { kind: 'tests' }]);
  assert.deepEqual(merged.map((m) => m.name), ['tests', 'style', 'tests#2']);
  assert.equal((merged[1].spec as { run?: string }).run, 'true');
});

test('the audit uses every judge: a failure lowers like a failed verify, an llm judge only lowers, an error is never a pass', () => {
  const rule = { score: 1 as const, reason: 'verify command passed' };
  const j = (o: Partial<JudgeResult>): JudgeResult => ({ name: 'j', kind: 'command', status: 'pass', score: null, evidence: 'e', ms: 1, ...o });
  assert.equal(judgeAudit(rule, [j({}), j({ kind: 'contains' })]).score, 1);
  assert.match(judgeAudit(rule, [j({})]).reason, /judges 1\/1 passed/);
  const failed = judgeAudit(rule, [j({}), j({ name: 'lint', status: 'fail', evidence: '2 problems' })]);
  assert.equal(failed.score, -1);
  assert.match(failed.reason, /judge lint failed: 2 problems/);
  assert.equal(judgeAudit(rule, [j({ kind: 'llm', status: 'fail', score: 0.5 })]).score, 0);
  assert.equal(judgeAudit(rule, [j({ kind: 'llm', status: 'fail', score: 0 })]).score, -1);
  assert.equal(judgeAudit({ score: -1, reason: 'verify failed' }, [j({ kind: 'llm', status: 'pass', score: 1 })]).score, -1, 'a pass never raises');
  const err = judgeAudit(rule, [j({ name: 'slow', status: 'error', evidence: 'timed out' })]);
  assert.equal(err.score, 0);
  assert.match(err.reason, /judge error: slow: timed out/);
  assert.equal(judgeAudit(rule, [j({ kind: 'human', status: 'pending' })]).score, 1);
});
