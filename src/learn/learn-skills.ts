// The skill rule: a skill is earned or strengthened only from an audited +1 with a proposal;
// when over budget the weakest by decayed evidence leaves the working tree (git keeps it).
import { rankSkills } from './decay.ts';
import type { SkillProposal } from './report.ts';
import { slugify } from './skills.ts';
import type { Skill } from './types.ts';
import { keepNewest } from './yaml-util.ts';

/** Provenance kept per skill; reward_evidence keeps the full count, so the file stays bounded. */
export const MAX_SKILL_SOURCES = 10;
export const MAX_SKILL_TAGS = 12;

export interface SkillContext {
  proposal: SkillProposal | null;
  /** min(self-score, audit score). */
  effectiveReward: number;
  taskId: string;
  tags: string[];
  now: Date;
  budget: number;
  halfLifeDays: number;
}

export interface SkillStep {
  skills: Skill[];
  /** The earned or strengthened skill, to write. */
  written?: Skill;
  earned?: string;
  strengthened?: string;
  pruned: string[];
  problems: string[];
}

export function learnSkill(current: Skill[], ctx: SkillContext): SkillStep {
  const step: SkillStep = { skills: current, pruned: [], problems: [] };
  if (ctx.effectiveReward === 1 && ctx.proposal) {
    const slug = slugify(ctx.proposal.name);
    if (!slug) {
      step.problems.push(`skill proposal "${ctx.proposal.name}" has no letters or digits to name it by; not recorded`);
    } else {
      const existing = current.find((s) => s.name === slug);
      const written = existing ? strengthen(existing, ctx) : earn(slug, ctx);
      step.written = written;
      if (existing) step.strengthened = slug;
      else step.earned = slug;
      step.skills = existing ? current.map((s) => (s === existing ? written : s)) : [...current, written];
    }
  }
  return prune(step, ctx);
}

function earn(name: string, ctx: SkillContext): Skill {
  const now = ctx.now.toISOString();
  return {
    name,
    description: ctx.proposal!.description.trim(),
    body: skillBody(ctx.proposal!),
    reward_evidence: 1,
    last_success: now,
    created: now,
    updated: now,
    source: [listItem(ctx.taskId)],
    tags: mergeTags([], ctx.tags),
  };
}

function strengthen(s: Skill, ctx: SkillContext): Skill {
  const now = ctx.now.toISOString();
  const source = [...s.source.filter((id) => id !== listItem(ctx.taskId)), listItem(ctx.taskId)];
  return {
    ...s,
    description: ctx.proposal!.description.trim(),
    body: skillBody(ctx.proposal!),
    reward_evidence: s.reward_evidence + 1,
    last_success: now,
    created: s.created ?? now,
    updated: now,
    source: keepNewest(source, MAX_SKILL_SOURCES),
    tags: mergeTags(s.tags, ctx.tags),
  };
}

/** The body names the technique when the model did not give it a heading. */
function skillBody(p: SkillProposal): string {
  const body = p.body.trim() || p.description.trim();
  return body.startsWith('#') ? body : `# ${p.name.trim()}\n\n${body}`;
}

// Metadata lists are written comma-separated (Agent Skills metadata holds strings only).
function listItem(s: string): string {
  return s.replace(/,/g, ' ').trim();
}

function mergeTags(old: string[], add: string[]): string[] {
  const all = [...old, ...add.map((t) => listItem(t.toLowerCase()))].filter(Boolean);
  return [...new Set(all)].slice(0, MAX_SKILL_TAGS);
}

/**
 * Drops the weakest by decayed evidence until within budget. The skill just touched competes
 * too: a new skill (evidence 1) enters only once an older one has decayed below it, so a full
 * budget of proven skills is not churned by one-off successes.
 */
function prune(step: SkillStep, ctx: SkillContext): SkillStep {
  let skills = step.skills;
  while (skills.length > Math.max(0, ctx.budget)) {
    const weakest = rankSkills(skills, ctx.now, ctx.halfLifeDays).at(-1)!;
    skills = skills.filter((s) => s !== weakest);
    step.pruned.push(weakest.name);
  }
  step.skills = skills;
  const touched = step.written?.name;
  if (touched && step.pruned.includes(touched)) {
    step.written = undefined;
    step.earned = undefined;
    step.strengthened = undefined;
  }
  return step;
}
