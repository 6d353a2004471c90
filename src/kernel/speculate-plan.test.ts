// How many attempts a task gets, which attempt is best, and what the commit says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SPECULATION } from '../config/index.ts';
import type { JudgeResult } from '../learn/index.ts';
import { askedAttempts, attemptPassed, bestAttempt, checkSpeculate, judgeScore, planSpeculation, speculationLines, type AttemptOutcome } from './speculate-plan.ts';

const cfg = (over: Partial<typeof DEFAULT_SPECULATION> = {}, riskLevel: 'medium' | 'high' = 'medium') => ({ name: 'orion', riskLevel, speculation: { ...DEFAULT_SPECULATION, ...over } });
const judge = (status: JudgeResult['status'], score: number | null = null): JudgeResult => ({ name: 'j', kind: 'tests', status, score, evidence: '', ms: 0 });

test('speculate: N is a whole number from 1 to 16; over the agent max it is refused at intake and capped at run', () => {
  assert.deepEqual(askedAttempts({ extra: { speculate: 3 } }), { n: 3 });
  assert.deepEqual(askedAttempts({ extra: { speculate: '2' } }), { n: 2 });
  for (const bad of [0, 17, 1.5, 'lots', true]) assert.match(askedAttempts({ extra: { speculate: bad } }).problem!, /whole number from 1 to 16/);
  assert.throws(() => checkSpeculate(cfg(), { extra: { speculate: 5 } }), /speculate: 5 is over agent orion's speculation\.max \(4\)/);
  const p = planSpeculation({}, cfg({ max: 2 }), 5);
  assert.deepEqual([p.attempts, p.forked], [2, true]);
  assert.match(p.notes[0], /capped at speculation\.max \(2\)/);
});

test('forks: more than one attempt, or a verify: with fork_verified; risky tasks get speculation.risky attempts', () => {
  assert.deepEqual(planSpeculation({}, cfg(), undefined), { attempts: 1, forked: false, notes: [] });
  assert.equal(planSpeculation({ verify: 'true' }, cfg(), undefined).forked, true);
  assert.equal(planSpeculation({ verify: 'true' }, cfg({ forkVerified: false }), undefined).forked, false);
  assert.equal(planSpeculation({ tags: ['risky'] }, cfg({ risky: 3 }), undefined).attempts, 3);
  assert.equal(planSpeculation({}, cfg({ risky: 3 }, 'high'), undefined).attempts, 3, 'every task of a high-risk agent');
  assert.equal(planSpeculation({ tags: ['risky'] }, cfg({ risky: 3 }), 2).attempts, 2, "the task's own count wins");
});

test('the best attempt: it passed (verify and no failing judge), then the judge score, then the reward, then the earliest', () => {
  assert.equal(attemptPassed({ command: 'x', exitCode: 0, passed: true, output: '', timedOut: false }, [judge('error')]), true, 'a judge error is not a failure');
  assert.equal(attemptPassed(undefined, [judge('fail')]), false);
  assert.equal(judgeScore([judge('pass'), judge('fail'), judge('pass', 0.5), judge('pending')]), 0.5);
  const o = (fork: string, passed: boolean, score = 0, reward = 1): AttemptOutcome => ({ fork, passed, score, reward, why: passed ? 'passed' : 'verify exited 1' });
  assert.equal(bestAttempt([o('a', false), o('b', true, 0.5), o('c', true, 0.9), o('d', true, 0.9)]), 2);
  assert.equal(bestAttempt([o('a', true, 0, 0), o('b', true, 0, 1)]), 1);
  assert.equal(bestAttempt([o('a', false), o('b', false)]), -1);
  assert.deepEqual(speculationLines([o('t.1', false), o('t.2', true)], 1, { written: 2, removed: 1 }), [
    'fork: t.1 dropped (verify exited 1)', 'fork: t.2 merged (passed)', 'speculation: 2 attempt(s) in forks; t.2 merged into the workspace (2 file(s) written, 1 removed)',
  ]);
});
