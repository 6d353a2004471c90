// skills.md: the generated index of skills/*/SKILL.md (which are the truth), strongest first.
import { effectiveEvidence, rankSkills } from './decay.ts';
import { skillPath } from './skills.ts';
import type { Skill } from './types.ts';

export const SKILLS_INDEX_FILE = 'skills.md';

export interface RankOptions {
  now: Date;
  halfLifeDays: number;
}

export function renderSkillsIndex(skills: Skill[], opts: RankOptions): string {
  const head = [
    '# Skills',
    '',
    '<!-- Generated from skills/*/SKILL.md, which are the truth: edits here are overwritten. -->',
    '<!-- Sorted by effective evidence: audited +1 uses, halved every skill half-life since the last success. -->',
    '',
  ];
  if (skills.length === 0) {
    return [...head, '_No skills yet. A skill is earned only from an audited +1 outcome._', ''].join('\n');
  }
  const entries = rankSkills(skills, opts.now, opts.halfLifeDays).map((s) => {
    const eff = effectiveEvidence(s, opts.now, opts.halfLifeDays);
    const path = skillPath(s.name);
    return [
      `### ${s.name}`,
      '',
      oneLine(s.description),
      '',
      `- evidence: ${s.reward_evidence} (effective ${eff.toFixed(2)})`,
      `- last success: ${s.last_success ?? 'never'}`,
      ...(s.tags.length ? [`- tags: ${s.tags.join(', ')}`] : []),
      ...(s.metadata_extra?.origin === 'imported' ? [`- imported from ${s.metadata_extra.imported_from ?? '?'} on ${s.metadata_extra.imported ?? '?'} (sha256 ${(s.metadata_extra.imported_sha256 ?? '').slice(0, 12)}…)`] : []),
      `- file: [${path}](${path})`,
      '',
    ].join('\n');
  });
  return [...head, entries.join('\n')].join('\n');
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
