// Reputation from audited rewards (seed 004), decaying with age, guarded against gaming:
// only the audit counts (never the self-score), unverified successes weigh little, a burst of
// perfect scores within a short window counts as one, and few tasks are shrunk toward zero.
import type { RewardEntry } from '../learn/index.ts';

export const REPUTATION = { halfLifeDays: 14, burstWindowMs: 10 * 60_000, unverifiedWeight: 0.3, prior: 5 };

export interface Reputation {
  /** -1..+1: the decayed, shrunk mean of audited scores. */
  score: number;
  /** Effective evidence after decay and the burst guard. */
  weight: number;
  /** Share of the last 10 tasks audited +1. */
  recentSuccess: number | null;
}

export function reputationOf(rewards: readonly RewardEntry[], now: Date, opts = REPUTATION): Reputation {
  let sum = 0, weight = 0, lastPerfect = -Infinity;
  const sorted = [...rewards].sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
  for (const r of sorted) {
    const t = Date.parse(r.created);
    if (!Number.isFinite(t)) continue;
    let w = 0.5 ** (Math.max(0, now.getTime() - t) / 86_400_000 / opts.halfLifeDays);
    if (r.audit_score > 0) {
      // A success with no verify behind it (nothing checked) is weak evidence.
      if (!verified(r)) w *= opts.unverifiedWeight;
      // A burst of perfect scores: only the first in each window counts.
      if (t - lastPerfect < opts.burstWindowMs) w = 0;
      else lastPerfect = t;
    }
    sum += w * r.audit_score;
    weight += w;
  }
  const recent = sorted.slice(-10);
  return {
    score: weight ? sum / (weight + opts.prior) : 0,
    weight,
    recentSuccess: recent.length ? recent.filter((r) => r.audit_score > 0).length / recent.length : null,
  };
}

function verified(r: RewardEntry): boolean {
  const reason = r.audit_reason ?? '';
  return /verif(y|ied)[^.]*pass/i.test(reason) || r.extra?.verified === true;
}
