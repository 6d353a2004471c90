// The learned policy: expected success per tier, the cheapest tier that meets the target,
// and afterwards whether the model was underpowered, overpowered or right. The route table
// is the prior; the text model and past outcomes on similar tags are the evidence.
import { TIER_NAMES, type TierName } from '../../config/index.ts';
import { evidenceRate, observations, type TierEvidence } from './evidence.ts';

/** Prior success of the table's tier (and above) and of the tiers below it. */
export const PRIOR_FIT = 0.9;
export const PRIOR_BELOW = 0.5;
/** Pseudo-observations the prior is worth against tag-cluster evidence. */
export const PRIOR_STRENGTH = 3;
/** Outcomes after which the text model and the table weigh the same. */
const TEXT_HALF_WEIGHT = 50;

export function tablePrior(tier: TierName, tableTier: TierName): number {
  return TIER_NAMES.indexOf(tier) >= TIER_NAMES.indexOf(tableTier) ? PRIOR_FIT : PRIOR_BELOW;
}

export interface ExpectedInput {
  prior: number;
  /** The text model's P(success), undefined before it learned anything for this tier. */
  text: number | undefined;
  textSeen: number;
  evidence: TierEvidence;
}

/** Prior, moved towards the text model as it learns, then updated by the cluster's Beta evidence. */
export function expectedSuccess(e: ExpectedInput): number {
  const w = e.text === undefined ? 0 : e.textSeen / (e.textSeen + TEXT_HALF_WEIGHT);
  const mean = (1 - w) * e.prior + w * (e.text ?? 0);
  return (PRIOR_STRENGTH * mean + e.evidence.successes) / (PRIOR_STRENGTH + observations(e.evidence));
}

/** The cheapest tier whose expected success meets the target; else the most likely to succeed. */
export function chooseTier(expected: Record<TierName, number>, target: number): { tier: TierName; why: string } {
  for (const t of TIER_NAMES) {
    if (expected[t] >= target) return { tier: t, why: `cheapest tier expected to succeed: ${t} ${expected[t].toFixed(2)} ≥ target ${target}` };
  }
  let best: TierName = TIER_NAMES[TIER_NAMES.length - 1];
  for (const t of TIER_NAMES) if (expected[t] > expected[best] + 1e-9) best = t;
  return { tier: best, why: `no tier reaches the target ${target}; the most likely: ${best} ${expected[best].toFixed(2)}` };
}

export type Appropriateness = 'underpowered' | 'overpowered' | 'right';

export interface AppropriateInput {
  tier: TierName;
  /** 0..1 outcome of the final attempt. */
  success: number;
  demand: string;
  /** The tier the route table gives routine work. */
  routineTier: TierName;
  /** Cluster evidence per tier before this task. */
  evidence: Record<TierName, TierEvidence>;
  target: number;
  /** A cheaper attempt at this very task failed (the cascade escalated). */
  escalated?: boolean;
}

/** From outcomes, never from the model's opinion of itself. */
export function judgeAppropriate(a: AppropriateInput): { verdict: Appropriateness; why: string } {
  if (a.success < 0.5) return { verdict: 'underpowered', why: `${a.tier} did not succeed` };
  if (a.escalated) return { verdict: 'right', why: `a cheaper tier failed this task; ${a.tier} passed` };
  const i = TIER_NAMES.indexOf(a.tier);
  for (const cheaper of TIER_NAMES.slice(0, i)) {
    const rate = evidenceRate(a.evidence[cheaper]);
    if (rate !== null && observations(a.evidence[cheaper]) >= 3 && rate >= a.target) {
      return { verdict: 'overpowered', why: `${cheaper} succeeds on similar tasks (${rate.toFixed(2)})` };
    }
  }
  const r = TIER_NAMES.indexOf(a.routineTier);
  // Routine work above the routine tier is waste, unless the evidence says the cheaper tier fails it.
  if (a.demand === 'routine' && i > r && (evidenceRate(a.evidence[a.routineTier]) ?? 1) >= a.target) {
    return { verdict: 'overpowered', why: `routine work on ${a.tier}` };
  }
  return { verdict: 'right', why: `${a.tier} succeeded and nothing cheaper is known to` };
}

/**
 * 0..1 outcome of an attempt: the verify command's exit status when the task has one; else the
 * audited reward (the lower of self-score and rule audit: -1 → 0, 0 → 0.5, +1 → 1).
 */
export function outcomeScore(o: { verified?: boolean; effectiveReward: number }): number {
  if (o.verified !== undefined) return o.verified ? 1 : 0;
  return (o.effectiveReward + 1) / 2;
}
