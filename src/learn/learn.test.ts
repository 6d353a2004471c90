import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoals } from './goals.ts';
import { learn } from './learn.ts';
import { parseReflections } from './reflections.ts';
import { parseRewards } from './rewards.ts';
import { parseSkill } from './skills.ts';
import { config, emptyState, input, NOW, report, skill, task, written } from './test-support.ts';
import type { Goal, Reflection, RewardEntry } from './types.ts';

const failedVerify = { command: 'npm test', exitCode: 1, passed: false, output: 'FAIL', timedOut: false };
const reward = (id: string): RewardEntry => ({
  ...parseRewards(`- {task: ${id}, outcome: success, reward: 1, audit_score: 1, created: "2026-04-01T00:00:00Z"}\n`)[0],
});
const goal = (id: string, text: string, created: string, source: string[]): Goal => ({ id, text, status: 'active', created, updated: created, source });
const paths = (out: ReturnType<typeof learn>) => out.changes.map((c) => `${c.op} ${c.path}`);

describe('learn: rewards and reflections', () => {
  it('appends a reward entry with the audit score and trims to the budget, oldest first', () => {
    const out = learn(input({
      config: config({ budgets: { skills: 20, goals: 5, rewards: 2, reflections: 15 } }),
      state: emptyState({ rewards: [reward('r1'), reward('r2'), reward('r3')] }),
      verify: failedVerify,
    }));
    const rewards = parseRewards(written(out.changes, 'rewards.md')!);
    assert.deepEqual(rewards.map((r) => r.task), ['r3', 't1']);
    const e = rewards[1];
    assert.equal(e.reward, 1);
    assert.equal(e.audit_score, -1);
    assert.deepEqual(e.tokens, { input: 100, output: 50 });
    assert.equal(e.model_used, 'test-model');
    assert.equal(e.duration_ms, 1234);
    assert.equal(e.created, NOW.toISOString());
    assert.equal(e.reward_decomposition, null);
    assert.equal(out.summary.auditScore, -1);
    assert.equal(out.summary.reward, 1);
  });

  it('appends a reflection per task and trims to the budget', () => {
    const old: Reflection[] = ['a', 'b'].map((t) => ({ task: t, text: `on ${t}`, created: '2026-04-01T00:00:00Z' }));
    const out = learn(input({
      config: config({ budgets: { skills: 20, goals: 5, rewards: 30, reflections: 2 } }),
      state: emptyState({ reflections: old }),
      report: report({ reflection: '  ' }),
    }));
    const refl = parseReflections(written(out.changes, 'reflections.md')!);
    assert.deepEqual(refl.map((r) => r.task), ['b', 't1']);
    assert.equal(refl[1].text, '(no reflection given)');
  });

  it('a budget of 0 keeps nothing (not everything)', () => {
    const out = learn(input({ config: config({ budgets: { skills: 20, goals: 5, rewards: 0, reflections: 0 } }) }));
    assert.deepEqual(parseRewards(written(out.changes, 'rewards.md')!), []);
    assert.deepEqual(parseReflections(written(out.changes, 'reflections.md')!), []);
  });
});

describe('learn: skills', () => {
  it('earns a skill from an audited +1 with a proposal', () => {
    const out = learn(input());
    assert.equal(out.summary.skillEarned, 'retry-with-backoff');
    const s = parseSkill(written(out.changes, 'skills/retry-with-backoff/SKILL.md')!, 'skills/retry-with-backoff/SKILL.md');
    assert.equal(s.reward_evidence, 1);
    assert.equal(s.last_success, NOW.toISOString());
    assert.deepEqual(s.source, ['t1']);
    assert.deepEqual(s.tags, ['api', 'retry']);
    assert.equal(s.body, '# Retry with backoff\n\nWait base * 2^n.');
    assert.match(written(out.changes, 'skills.md')!, /### retry-with-backoff/);
    assert.match(written(out.changes, 'system_prompt.md')!, /\*\*retry-with-backoff\*\*/);
  });

  it('strengthens the skill of the same slug', () => {
    const existing = { ...skill('retry-with-backoff', 2, '2026-04-01T00:00:00.000Z'), source: ['t0'] };
    const out = learn(input({
      state: emptyState({ skills: [existing] }),
      report: report({ skill: { name: 'Retry  with BACKOFF', description: 'Better wording.', body: '## New body' } }),
    }));
    assert.equal(out.summary.skillStrengthened, 'retry-with-backoff');
    assert.equal(out.summary.skillEarned, undefined);
    const s = parseSkill(written(out.changes, 'skills/retry-with-backoff/SKILL.md')!, 'skills/retry-with-backoff/SKILL.md');
    assert.equal(s.reward_evidence, 3);
    assert.equal(s.last_success, NOW.toISOString());
    assert.equal(s.created, '2026-04-01T00:00:00.000Z');
    assert.deepEqual(s.source, ['t0', 't1']);
    assert.equal(s.body, '## New body');
    assert.equal(s.description, 'Better wording.');
  });

  it('earns nothing when verify failed, even if the model claims +1, and makes a goal instead', () => {
    const out = learn(input({ verify: failedVerify }));
    assert.equal(out.summary.skillEarned, undefined);
    assert.ok(!paths(out).some((p) => p.includes('SKILL.md')), paths(out).join());
    assert.equal(out.summary.goalAdded, 'Succeed at tasks like: Write a retry wrapper with exponential backoff.');
  });

  it('earns nothing from a partial, from a refusal, or without a proposal', () => {
    for (const r of [report({ reward: 0, outcome: 'partial' }), report({ response: 'I cannot do that.' }), report({ skill: null })]) {
      const out = learn(input({ report: r }));
      assert.equal(out.summary.skillEarned, undefined);
      assert.ok(!paths(out).some((p) => p.includes('skills/')), paths(out).join());
    }
  });

  it('prunes the weakest by decayed evidence, not by raw count, and deletes its file', () => {
    const old = skill('old-but-big', 10, '2026-01-01T00:00:00.000Z'); // 10 × 0.5^(120/14) ≈ 0.03
    const recent = skill('recent-small', 2, '2026-04-30T00:00:00.000Z');
    const out = learn(input({ config: config({ budgets: { skills: 2, goals: 5, rewards: 30, reflections: 15 } }), state: emptyState({ skills: [old, recent] }) }));
    assert.deepEqual(out.summary.skillsPruned, ['old-but-big']);
    assert.ok(paths(out).includes('delete skills/old-but-big/SKILL.md'));
    assert.equal(out.summary.skillEarned, 'retry-with-backoff');
    assert.doesNotMatch(written(out.changes, 'skills.md')!, /old-but-big/);
  });

  it('does not let a one-off success evict proven, fresh skills', () => {
    const strong = [skill('a', 5, '2026-05-01T00:00:00.000Z'), skill('b', 4, '2026-05-01T00:00:00.000Z')];
    const out = learn(input({ config: config({ budgets: { skills: 2, goals: 5, rewards: 30, reflections: 15 } }), state: emptyState({ skills: strong }) }));
    assert.deepEqual(out.summary.skillsPruned, ['retry-with-backoff']);
    assert.equal(out.summary.skillEarned, undefined);
    assert.ok(!paths(out).some((p) => p.startsWith('delete') || p.includes('SKILL.md')), paths(out).join());
  });

  it('reports a proposal with no usable name instead of inventing one', () => {
    const out = learn(input({ report: report({ skill: { name: '!!!', description: 'x', body: 'y' } }) }));
    assert.equal(out.summary.skillEarned, undefined);
    assert.match(out.summary.problems.join('\n'), /no letters or digits/);
  });
});

describe('learn: goals', () => {
  const seed = goal('handle-sse', 'Handle streaming SSE endpoints robustly', '2026-04-01T00:00:00.000Z', ['agents.yaml']);
  const failure = report({ outcome: 'failure', reward: -1, skill: null, goal: 'Respect rate limits' });

  it("adds the model's goal from a failure", () => {
    const out = learn(input({ state: emptyState({ goals: [seed] }), report: failure }));
    assert.equal(out.summary.goalAdded, 'Respect rate limits');
    const goals = parseGoals(written(out.changes, 'goals.md')!);
    assert.deepEqual(goals.map((g) => [g.id, g.status, g.source]), [['handle-sse', 'active', ['agents.yaml']], ['respect-rate-limits', 'active', ['t1']]]);
    assert.match(written(out.changes, 'system_prompt.md')!, /- Respect rate limits/);
  });

  it('deduplicates ignoring case and whitespace, adding the task as evidence', () => {
    const out = learn(input({ state: emptyState({ goals: [seed] }), report: { ...failure, goal: '  handle   STREAMING sse endpoints robustly ' } }));
    assert.equal(out.summary.goalAdded, undefined);
    const goals = parseGoals(written(out.changes, 'goals.md')!);
    assert.equal(goals.length, 1);
    assert.deepEqual(goals[0].source, ['agents.yaml', 't1']);
  });

  it('re-activates a dropped goal that a failure exposes again', () => {
    const dropped: Goal = { ...goal('rl', 'Respect rate limits', '2026-04-01T00:00:00.000Z', ['t0']), status: 'dropped' };
    const out = learn(input({ state: emptyState({ goals: [dropped] }), report: failure }));
    assert.equal(out.summary.goalAdded, 'Respect rate limits');
    assert.equal(parseGoals(written(out.changes, 'goals.md')!)[0].status, 'active');
  });

  it('drops the oldest learned goal over budget, keeping seed goals', () => {
    const learned = goal('learned-old', 'Learned old', '2026-04-02T00:00:00.000Z', ['t0']);
    const out = learn(input({
      config: config({ budgets: { skills: 20, goals: 2, rewards: 30, reflections: 15 } }),
      state: emptyState({ goals: [seed, learned] }),
      report: failure,
    }));
    assert.deepEqual(out.summary.goalsDropped, ['Learned old']);
    const goals = parseGoals(written(out.changes, 'goals.md')!);
    assert.deepEqual(goals.filter((g) => g.status === 'active').map((g) => g.id), ['handle-sse', 'respect-rate-limits']);
    assert.equal(goals.find((g) => g.id === 'learned-old')?.status, 'dropped');
  });

  it('drops the oldest seed goal when only seed goals compete with the new one', () => {
    const seed2 = goal('seed-two', 'Seed two', '2026-04-01T00:00:00.000Z', ['agents.yaml']);
    const out = learn(input({ config: config({ budgets: { skills: 20, goals: 2, rewards: 30, reflections: 15 } }), state: emptyState({ goals: [seed, seed2] }), report: failure }));
    assert.deepEqual(out.summary.goalsDropped, ['Handle streaming SSE endpoints robustly']);
    assert.equal(out.summary.goalAdded, 'Respect rate limits');
  });

  it('keeps at most a budget of dropped goals in the file', () => {
    const gone = ['x', 'y', 'z'].map((id, i): Goal => ({ ...goal(id, `Old ${id}`, `2026-04-0${i + 1}T00:00:00.000Z`, ['t']), status: 'dropped' }));
    const out = learn(input({ config: config({ budgets: { skills: 20, goals: 2, rewards: 30, reflections: 15 } }), state: emptyState({ goals: gone }), report: failure }));
    assert.deepEqual(parseGoals(written(out.changes, 'goals.md')!).map((g) => g.id), ['y', 'z', 'respect-rate-limits']);
  });

  it('adds no goal on success or partial', () => {
    for (const r of [report(), report({ reward: 0, outcome: 'partial', goal: 'Something' })]) {
      const out = learn(input({ report: r }));
      assert.equal(out.summary.goalAdded, undefined);
      assert.equal(written(out.changes, 'goals.md'), undefined);
    }
  });
});

describe('learn: modes and purity', () => {
  it("with learning 'none' records only rewards and reflections", () => {
    for (const r of [report(), report({ outcome: 'failure', reward: -1, goal: 'A goal' })]) {
      const out = learn(input({ config: config({ learning: 'none' }), report: r }));
      assert.deepEqual(paths(out), ['write rewards.md', 'write reflections.md']);
      assert.equal(out.summary.skillEarned, undefined);
      assert.equal(out.summary.goalAdded, undefined);
    }
  });

  it('regenerates skills.md and system_prompt.md only when skills or goals changed', () => {
    assert.deepEqual(paths(learn(input({ report: report({ reward: 0, outcome: 'partial' }) }))), ['write rewards.md', 'write reflections.md']);
  });

  it('passes loading problems on and leaves its input untouched', () => {
    const state = emptyState({
      skills: [skill('a', 1, '2026-01-01T00:00:00.000Z')],
      problems: [{ file: 'rewards.md', line: 14, message: 'bad reward', quarantinedAs: 'rewards.md.quarantine-x' }],
    });
    const before = structuredClone(state);
    const out = learn(input({ state, config: config({ budgets: { skills: 1, goals: 5, rewards: 30, reflections: 15 } }), task: task('t9') }));
    assert.deepEqual(state, before);
    assert.deepEqual(out.summary.problems, ['rewards.md:14: bad reward (moved aside to rewards.md.quarantine-x)']);
  });
});
