// The import rule alone: an imported skill is a prior (evidence 0, no task sources), keeps the
// author's other metadata, and never displaces a skill with evidence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSkillImport, skillImportChanges } from './skill-import.ts';
import { parseSkill } from './skills.ts';

const NOW = new Date('2026-05-01T00:00:00Z');
const src = (name: string, meta = '') => parseSkill(`---\nname: ${name}\ndescription: Does ${name}.\n${meta}---\n\nBody of ${name}.\n`, `${name}/SKILL.md`);

test('evidence and task sources from elsewhere are reset; the author\'s metadata and keys stay', () => {
  const inc = src('lint', 'license: MIT\nmetadata:\n  reward_evidence: "9"\n  source: t1, t2\n  author: someone\n');
  const plan = planSkillImport([], [{ skill: inc, from: '/skills/lint', sha256: 'a'.repeat(64) }], { budget: 5, halfLifeDays: 14, now: NOW });
  const s = plan.write[0];
  assert.equal(s.reward_evidence, 0);
  assert.deepEqual(s.source, []);
  assert.equal(s.extra?.license, 'MIT');
  assert.deepEqual(s.metadata_extra, { author: 'someone', origin: 'imported', imported_from: '/skills/lint', imported_sha256: 'a'.repeat(64), imported: NOW.toISOString() });
  const changes = skillImportChanges(plan, [], { config: { skillHalfLifeDays: 14 }, persona: '# p', constraints: '# c', goals: [], now: NOW });
  assert.deepEqual(changes.map((c) => `${c.op} ${c.path}`), ['write skills/lint/SKILL.md', 'write skills.md', 'write system_prompt.md']);
  const round = parseSkill((changes[0] as { content: string }).content, 'skills/lint/SKILL.md');
  assert.deepEqual(round.metadata_extra, s.metadata_extra, 'provenance survives the codec');
});

test('a full budget of proven skills takes no import; a budget of 0 takes none at all', () => {
  const earned = { ...src('retry'), reward_evidence: 1, last_success: '2026-04-30T00:00:00.000Z' };
  const plan = planSkillImport([earned], [{ skill: src('lint'), from: 'x', sha256: 'b'.repeat(64) }], { budget: 1, halfLifeDays: 14, now: NOW });
  assert.deepEqual(plan.write, []);
  assert.deepEqual(plan.skills.map((s) => s.name), ['retry']);
  assert.match(plan.skipped[0].reason, /budget \(1\) is full/);
  assert.deepEqual(planSkillImport([], [{ skill: src('lint'), from: 'x', sha256: 'b'.repeat(64) }], { budget: 0, halfLifeDays: 14, now: NOW }).write, []);
});
