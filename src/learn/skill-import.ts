// Importing Agent Skills written elsewhere (pure): an imported skill is a prior, not evidence.
// It arrives with reward_evidence 0 and no last_success (evidence from another agent means
// nothing here), its provenance under metadata (origin: imported, imported_from,
// imported_sha256, imported), and competes for the skills budget by the same rule as learned
// skills: the weakest by decayed evidence leaves, ties going to the more recent. An imported
// skill therefore never displaces one earned with evidence; it can displace an older skill
// of evidence 0 (hand-written or imported). Earned skills of the same name are never replaced.
import type { AgentConfig } from '../config/index.ts';
import type { FileChange } from '../store/index.ts';
import { effectiveEvidence, rankSkills } from './decay.ts';
import { renderSkillsIndex, SKILLS_INDEX_FILE } from './skills-index.ts';
import { renderSkill, skillPath } from './skills.ts';
import { renderSystemPrompt, SYSTEM_PROMPT_FILE } from './system-prompt.ts';
import type { Goal, Skill } from './types.ts';

export const IMPORTED_ORIGIN = 'imported';

export interface IncomingSkill {
  /** As parsed from the source SKILL.md. */
  skill: Skill;
  /** Where it came from (shown in provenance; a path as the person gave it). */
  from: string;
  /** sha256 of the source folder's content (see the README for the definition). */
  sha256: string;
}

export interface SkillImportPlan {
  /** Skills to write (imported or re-imported), rendered with their provenance. */
  write: Skill[];
  /** Names imported for the first time, and re-imported with changed content. */
  imported: string[];
  updated: string[];
  skipped: { name: string; reason: string }[];
  pruned: { name: string; reason: string }[];
  /** Every skill after the import, within budget. */
  skills: Skill[];
}

export function isImported(s: Skill): boolean {
  return s.metadata_extra?.origin === IMPORTED_ORIGIN;
}

export function planSkillImport(current: Skill[], incoming: IncomingSkill[], opts: { budget: number; halfLifeDays: number; now: Date }): SkillImportPlan {
  const now = opts.now.toISOString();
  const plan: SkillImportPlan = { write: [], imported: [], updated: [], skipped: [], pruned: [], skills: [] };
  let skills = [...current];
  const touched = new Set<string>();
  for (const inc of incoming) {
    const name = inc.skill.name;
    const existing = skills.find((s) => s.name === name);
    if (existing && !isImported(existing)) {
      plan.skipped.push({ name, reason: `a skill named "${name}" already exists here (${existing.reward_evidence > 0 ? `earned, evidence ${existing.reward_evidence}` : 'written by hand'}); change the imported skill's name and folder to keep both` });
      continue;
    }
    if (existing && existing.metadata_extra?.imported_sha256 === inc.sha256) {
      plan.skipped.push({ name, reason: `already imported with the same content (sha256 ${inc.sha256.slice(0, 12)}…)` });
      continue;
    }
    const { reward_evidence: _e, last_success: _l, source: _s, ...meta } = Object.fromEntries(Object.entries(inc.skill.metadata_extra ?? {}));
    const skill: Skill = {
      ...inc.skill,
      reward_evidence: 0,
      last_success: null,
      created: existing?.created ?? now,
      updated: now,
      source: [],
      metadata_extra: { ...meta, origin: IMPORTED_ORIGIN, imported_from: inc.from, imported_sha256: inc.sha256, imported: now },
    };
    skills = existing ? skills.map((s) => (s === existing ? skill : s)) : [...skills, skill];
    touched.add(name);
    (existing ? plan.updated : plan.imported).push(name);
  }
  // The budget, by the learning rule: drop the weakest until within it.
  const budget = Math.max(0, opts.budget);
  const ranked = rankSkills(skills, opts.now, opts.halfLifeDays);
  const kept = ranked.slice(0, budget);
  const floor = kept.length ? effectiveEvidence(kept[kept.length - 1], opts.now, opts.halfLifeDays) : 0;
  for (const s of ranked.slice(budget)) {
    const eff = effectiveEvidence(s, opts.now, opts.halfLifeDays).toFixed(2);
    if (touched.has(s.name)) {
      plan.skipped.push({ name: s.name, reason: `the skills budget (${budget}) is full of skills with higher standing (an imported skill starts at evidence 0; the weakest kept has ${floor.toFixed(2)})` });
      plan.imported = plan.imported.filter((n) => n !== s.name);
      plan.updated = plan.updated.filter((n) => n !== s.name);
      touched.delete(s.name);
      // A re-import that does not fit leaves the skill as it was: drop the new version only.
      const before = current.find((c) => c.name === s.name);
      if (before) plan.pruned.push({ name: s.name, reason: `its re-import did not fit the budget of ${budget}; the earlier import was the weakest (effective evidence ${eff})` });
    } else {
      plan.pruned.push({ name: s.name, reason: `weakest standing (effective evidence ${eff}) when the budget of ${budget} was full` });
    }
  }
  plan.skills = kept;
  plan.write = kept.filter((s) => touched.has(s.name));
  return plan;
}

/** The file changes of a plan's SKILL.md files, deletions, and the regenerated skills.md and system_prompt.md. */
export function skillImportChanges(plan: SkillImportPlan, current: Skill[], ctx: { config: Pick<AgentConfig, 'skillHalfLifeDays'>; persona: string; constraints: string; goals: Goal[]; now: Date }): FileChange[] {
  const changes: FileChange[] = plan.write.map((s) => ({ op: 'write', path: skillPath(s.name), content: renderSkill(s) }));
  for (const p of plan.pruned) if (current.some((s) => s.name === p.name)) changes.push({ op: 'delete', path: skillPath(p.name) });
  const halfLifeDays = ctx.config.skillHalfLifeDays;
  changes.push(
    { op: 'write', path: SKILLS_INDEX_FILE, content: renderSkillsIndex(plan.skills, { now: ctx.now, halfLifeDays }) },
    { op: 'write', path: SYSTEM_PROMPT_FILE, content: renderSystemPrompt({ persona: ctx.persona, constraints: ctx.constraints, skills: rankSkills(plan.skills, ctx.now, halfLifeDays), goals: ctx.goals }) },
  );
  return changes;
}
