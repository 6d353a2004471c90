// Skill standing decays with a half-life since the last audited success (seed 001's
// comment, refined from its linear decay to a true half-life so it never goes negative):
//   effective = reward_evidence × 0.5^(days since last_success / halfLifeDays)
import type { Skill } from './types.ts';

const DAY_MS = 86_400_000;

type Evidence = Pick<Skill, 'reward_evidence' | 'last_success' | 'updated' | 'created'>;

/** Whole and fractional days from `iso` to `now`; 0 for future dates; undefined when unreadable. */
export function daysSince(iso: string | null, now: Date): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, (now.getTime() - t) / DAY_MS);
}

/**
 * Decayed evidence. A hand-written skill without last_success decays from `updated`, then
 * `created`; with no readable date at all, or a half-life that is not a positive number,
 * the evidence is taken undecayed (decay disabled rather than guessed).
 */
export function effectiveEvidence(skill: Evidence, now: Date, halfLifeDays: number): number {
  const days = daysSince(skill.last_success ?? skill.updated ?? skill.created, now);
  if (days === undefined || !(halfLifeDays > 0)) return skill.reward_evidence;
  return skill.reward_evidence * 0.5 ** (days / halfLifeDays);
}

/** Strongest first; ties go to the more recent success, then to the name, so order is stable. */
export function rankSkills(skills: Skill[], now: Date, halfLifeDays: number): Skill[] {
  const scored = skills.map((s) => ({ s, e: effectiveEvidence(s, now, halfLifeDays), t: lastTime(s) }));
  scored.sort((a, b) => b.e - a.e || b.t - a.t || a.s.name.localeCompare(b.s.name));
  return scored.map((x) => x.s);
}

function lastTime(s: Skill): number {
  const t = Date.parse(s.last_success ?? s.updated ?? s.created ?? '');
  return Number.isNaN(t) ? 0 : t;
}
