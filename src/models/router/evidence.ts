// Past outcomes per (tag cluster, tier) as Beta evidence. A past task counts for the current
// one in proportion to how much their tags overlap (Jaccard), so a "cluster" is soft: tasks
// about api+retry inform a task about api+pagination, half as much as an api+retry task.
import { TIER_NAMES, type TierName } from '../../config/index.ts';
import { tagSimilarity } from './features.ts';

export interface Attempt {
  tier: TierName;
  /** 0..1: verified failure 0, partial 0.5, success 1. */
  success: number;
}

export interface OutcomeRecord {
  tags: string[];
  attempts: Attempt[];
}

export interface TierEvidence {
  /** Weighted successes and failures. */
  successes: number;
  failures: number;
}

/** Weight of what an outcome implies for the other tiers (a success above, a failure below). */
const MONOTONE = 0.5;

export function emptyEvidence(): Record<TierName, TierEvidence> {
  return Object.fromEntries(TIER_NAMES.map((t) => [t, { successes: 0, failures: 0 }])) as Record<TierName, TierEvidence>;
}

/**
 * Evidence per tier for a task with these tags. Stronger tiers are assumed to do at least as
 * well as weaker ones, so a success also counts (half) for the tiers above it and a failure
 * (half) for the tiers below. Untagged tasks get no cluster evidence: the text model covers them.
 */
export function clusterEvidence(records: OutcomeRecord[], tags: string[]): Record<TierName, TierEvidence> {
  const ev = emptyEvidence();
  if (tags.length === 0) return ev;
  for (const r of records) {
    const w = tagSimilarity(tags, r.tags);
    if (w === 0) continue;
    for (const a of r.attempts) {
      const i = TIER_NAMES.indexOf(a.tier);
      if (i < 0) continue;
      ev[a.tier].successes += w * a.success;
      ev[a.tier].failures += w * (1 - a.success);
      for (const up of TIER_NAMES.slice(i + 1)) ev[up].successes += MONOTONE * w * a.success;
      for (const down of TIER_NAMES.slice(0, i)) ev[down].failures += MONOTONE * w * (1 - a.success);
    }
  }
  return ev;
}

export function observations(e: TierEvidence): number {
  return e.successes + e.failures;
}

/** Posterior mean of the evidence alone (uniform prior), or null with no evidence. */
export function evidenceRate(e: TierEvidence): number | null {
  const n = observations(e);
  return n > 0 ? (e.successes + 1) / (n + 2) : null;
}
