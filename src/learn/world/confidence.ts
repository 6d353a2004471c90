// Confidence from evidence, and the status rules built on it. A person can recompute every
// figure from the record's evidence lists:
//   S = Σ supporting tasks (a verified task counts 2), C = Σ contradicting tasks (same weights)
//   confidence = (S + 1) / (S + 2·C + 2)
// Laplace's rule of succession, with a contradiction weighing twice a support: one
// counterexample says more than one more example (seed 000: contradiction checks mandatory).
import type { Evidence, WorldPolicy, WorldRecord } from './types.ts';

export const VERIFIED_WEIGHT = 2;
export const CONTRADICTION_WEIGHT = 2;
/** Task ids kept per evidence list; the newest win. */
export const MAX_EVIDENCE = 50;

export function weighted(ids: string[], verified: string[]): number {
  const v = new Set(verified);
  return ids.reduce((n, id) => n + (v.has(id) ? VERIFIED_WEIGHT : 1), 0);
}

export function supportWeight(e: Evidence): number {
  return weighted(e.supports, e.verified);
}

export function contradictionWeight(e: Evidence): number {
  return weighted(e.contradicts, e.verified);
}

export function confidenceOf(e: Evidence): number {
  const s = supportWeight(e);
  const c = contradictionWeight(e);
  return Math.round(((s + 1) / (s + CONTRADICTION_WEIGHT * c + 2)) * 100) / 100;
}

export function meetsPromotion(e: Evidence, p: WorldPolicy): boolean {
  return supportWeight(e) >= p.promoteEvidence && confidenceOf(e) >= p.promoteConfidence;
}

export type Transition = 'promoted' | 'demoted' | 'retracted' | undefined;

/**
 * What the evidence now says about a record's standing. Support can only promote and
 * contradiction can only demote or retract, so a hand-written confirmed fact with no
 * evidence list is not demoted by a supporting observation.
 */
export function transition(r: WorldRecord, after: 'support' | 'contradict', p: WorldPolicy, canPromote: boolean): Transition {
  const conf = confidenceOf(r.evidence);
  if (after === 'contradict') {
    if (conf < p.retractBelow) return 'retracted';
    if (r.status === 'confirmed' && conf < p.promoteConfidence) return 'demoted';
    return undefined;
  }
  if (canPromote && r.status === 'hypothesis' && meetsPromotion(r.evidence, p)) return 'promoted';
  return undefined;
}

/** Adds a task to one side of the evidence; false when the task is already on either side. */
export function addEvidence(e: Evidence, side: 'supports' | 'contradicts', task: string, verified: boolean): Evidence | undefined {
  if (e.supports.includes(task) || e.contradicts.includes(task)) return undefined;
  const list = [...e[side], task].slice(-MAX_EVIDENCE);
  const next: Evidence = { ...e, [side]: list };
  const kept = new Set([...next.supports, ...next.contradicts]);
  next.verified = [...e.verified, ...(verified ? [task] : [])].filter((id) => kept.has(id));
  return next;
}
