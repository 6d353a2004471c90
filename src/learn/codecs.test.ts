import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rankSkills } from './decay.ts';
import { LearnParseError } from './errors.ts';
import { parseGoals, renderGoals } from './goals.ts';
import { parseReflections, renderReflections } from './reflections.ts';
import { parseRewards, renderRewards } from './rewards.ts';
import { renderSkillsIndex } from './skills-index.ts';
import { isValidSlug, parseSkill, renderSkill, slugify } from './skills.ts';
import { renderSystemPrompt } from './system-prompt.ts';
import { FIXTURE_NOW, FIXTURES } from './test-support.ts';

const agent = (file: string): string => readFileSync(join(FIXTURES, 'agent', file), 'utf8');
const broken = (file: string): string => readFileSync(join(FIXTURES, 'broken', file), 'utf8');
const skillFiles = readdirSync(join(FIXTURES, 'agent', 'skills')).map((d) => `skills/${d}/SKILL.md`);
const loadSkills = () => skillFiles.map((f) => parseSkill(agent(f), f));

function throwsAt(fn: () => unknown, file: string, line: number, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LearnParseError, `expected LearnParseError, got ${String(err)}`);
    assert.equal(err.code, 'LEARN_PARSE');
    assert.equal(err.file, file);
    assert.equal(err.line, line);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('rewards.md codec', () => {
  it('round-trips the fixture exactly', () => {
    const text = agent('rewards.md');
    assert.equal(renderRewards(parseRewards(text)), text);
  });
  it('reads "+1" as 1 and keeps decomposition, tokens and nulls', () => {
    const [first, second, third] = parseRewards(agent('rewards.md'));
    assert.equal(first.reward, 1);
    assert.equal(second.audit_score, -1);
    assert.deepEqual(second.reward_decomposition, { correctness: -1, efficiency: 0, novelty: 1, generality: 1 });
    assert.deepEqual(second.tokens, { input: 2100, output: 800 });
    assert.equal(third.reasoning_demand, null);
    assert.equal(third.model_used, 'llama3.1:8b');
  });
  it('renders an empty list that parses back empty', () => {
    assert.deepEqual(parseRewards(renderRewards([])), []);
    assert.deepEqual(parseRewards(''), []);
  });
  it('keeps unknown keys', () => {
    const [e] = parseRewards(agent('rewards.md'));
    const text = renderRewards([{ ...e, extra: { note: 'by hand' } }]);
    assert.deepEqual(parseRewards(text)[0].extra, { note: 'by hand' });
  });
  it('reports a YAML syntax error with its line', () => {
    throwsAt(() => parseRewards(broken('rewards-syntax.md')), 'rewards.md', 14, /invalid YAML/);
  });
  it('reports an impossible reward at the line of the value', () => {
    throwsAt(() => parseRewards(broken('rewards-schema.md')), 'rewards.md', 14, /\[1\]\.reward: expected \+1, 0 or -1/);
  });
  it('rejects a mapping at the top', () => {
    throwsAt(() => parseRewards('task: x\n'), 'rewards.md', 1, /expected a YAML sequence/);
  });
});

describe('SKILL.md codec', () => {
  it('round-trips every earned fixture skill exactly', () => {
    for (const f of skillFiles.filter((f) => !f.includes('smoke-test'))) {
      const text = agent(f);
      assert.equal(renderSkill(parseSkill(text, f)), text, f);
    }
  });
  it('reads metadata strings as numbers and lists', () => {
    const s = parseSkill(agent('skills/retry-with-backoff/SKILL.md'), 'skills/retry-with-backoff/SKILL.md');
    assert.equal(s.reward_evidence, 3);
    assert.deepEqual(s.source, ['retry-task', 'sync-orders', 'sync-invoices']);
    assert.deepEqual(s.tags, ['api', 'retry']);
    assert.match(s.body, /^# Retry with backoff/);
  });
  it('accepts a hand-written skill without metadata and keeps its other keys', () => {
    const f = 'skills/smoke-test-webapp/SKILL.md';
    const s = parseSkill(agent(f), f);
    assert.equal(s.reward_evidence, 0);
    assert.equal(s.last_success, null);
    assert.deepEqual(s.extra, { license: 'Apache-2.0' });
    assert.match(renderSkill(s), /license: Apache-2.0/);
  });
  it('writes metadata values as strings, as the Agent Skills spec requires', () => {
    const s = parseSkill(agent('skills/retry-with-backoff/SKILL.md'), 'skills/retry-with-backoff/SKILL.md');
    assert.match(renderSkill({ ...s, reward_evidence: 12 }), /reward_evidence: "12"/);
  });
  it('rejects a name that differs from its folder, at the name line', () => {
    const f = 'skills/wrong-folder/SKILL.md';
    throwsAt(() => parseSkill(broken(f), f), f, 2, /must equal the folder name "wrong-folder"/);
  });
  it('rejects a missing front matter and a bad name', () => {
    throwsAt(() => parseSkill('# no front matter\n', 'skills/x/SKILL.md'), 'skills/x/SKILL.md', 1, /front matter/);
    throwsAt(() => parseSkill('---\nname: Bad_Name\ndescription: d\n---\n', 'skills/Bad_Name/SKILL.md'), 'skills/Bad_Name/SKILL.md', 2, /lowercase/);
  });
  it('slugifies to valid Agent Skills names', () => {
    assert.equal(slugify('Retry with Exponential Back-off!'), 'retry-with-exponential-back-off');
    assert.equal(slugify('Café  déjà vu'), 'cafe-deja-vu');
    assert.equal(slugify('!!!'), '');
    const long = slugify('a'.repeat(63) + ' b c');
    assert.ok(isValidSlug(long) && long.length <= 64, long);
    assert.equal(isValidSlug('a--b'), false);
    assert.equal(isValidSlug('-a'), false);
  });
});

describe('goals.md and reflections.md codecs', () => {
  it('round-trip their fixtures exactly', () => {
    for (const [file, parse, render] of [
      ['goals.md', parseGoals, renderGoals],
      ['reflections.md', parseReflections, renderReflections],
    ] as const) {
      const text = agent(file);
      assert.equal((render as (x: unknown) => string)(parse(text)), text, file);
    }
  });
  it('read the structured list from the front matter', () => {
    const goals = parseGoals(agent('goals.md'));
    assert.deepEqual(goals.map((g) => g.status), ['active', 'active', 'dropped']);
    assert.equal(goals[1].text, 'Respect rate limits on paginated APIs: back off on 429');
    const refl = parseReflections(agent('reflections.md'));
    assert.match(refl[1].text, /^I claimed success[^]*three pages\.$/);
  });
  it('report a bad goal status at its line', () => {
    throwsAt(() => parseGoals(broken('goals-bad-status.md')), 'goals.md', 11, /goals\[1\]\.status: expected active, achieved or dropped/);
  });
  it('render empty lists that parse back empty', () => {
    assert.deepEqual(parseGoals(renderGoals([])), []);
    assert.deepEqual(parseReflections(renderReflections([])), []);
  });
});

describe('generated files', () => {
  it('skills.md is the fixture index, strongest decayed evidence first', () => {
    assert.equal(renderSkillsIndex(loadSkills(), { now: FIXTURE_NOW, halfLifeDays: 14 }), agent('skills.md'));
  });
  it('system_prompt.md is assembled from persona, constraints, skills and active goals', () => {
    const prompt = renderSystemPrompt({
      persona: agent('persona.md'),
      constraints: agent('constraints.md'),
      skills: rankSkills(loadSkills(), FIXTURE_NOW, 14),
      goals: parseGoals(agent('goals.md')),
    });
    assert.equal(prompt, agent('system_prompt.md'));
    assert.doesNotMatch(prompt, /vendor auth flow/, 'dropped goals stay out of the prompt');
  });
});

describe('rewards.md judges field', () => {
  const text = readFileSync(join(FIXTURES, 'rewards-judges.md'), 'utf8');
  it('reads each judge and round-trips the fixture exactly', () => {
    const [e] = parseRewards(text);
    assert.equal(e.judges?.length, 5);
    assert.deepEqual(e.judges?.[1], { name: 'lint', kind: 'lint', status: 'fail', score: 0, evidence: '2 problems (exit 1): src/page.ts:3 no-unused-vars' });
    assert.equal(e.judges?.[2].status, 'error');
    assert.equal(e.judges?.[2].score, null);
    assert.equal(renderRewards(parseRewards(text)), text);
  });
  it('older entries without judges read as before and render without the key', () => {
    const old = parseRewards(agent('rewards.md'));
    assert.ok(old.every((e) => !('judges' in e)));
    assert.doesNotMatch(renderRewards(old), /judges:/);
  });
  it('refuses an unknown judge status with its line', () => {
    const bad = text.replace('status: fail', 'status: maybe');
    assert.throws(() => parseRewards(bad), /rewards\.md:22: \[0\]\.judges\[1\]\.status: Invalid option/);
  });
});
