// The audit's side of seed 000's reward decomposition: each dimension scored by a rule from
// what the runtime observed, next to the model's own decomposition (both are recorded).
import type { RewardEntry, Score } from './types.ts';
import type { WorldEvent } from './world/types.ts';

export interface Decomposition {
  correctness: number;
  efficiency: number;
  novelty: number;
  generality: number;
}

export interface DecompositionInput {
  /** min(self-score, audit). */
  effective: Score;
  tokens: number;
  /** Earlier entries, for the token median. */
  recent: Pick<RewardEntry, 'tokens'>[];
  skillEarned: boolean;
  skillStrengthened: boolean;
  world: WorldEvent[];
}

/** Fewer than this many earlier entries: efficiency is not judged (0). */
export const MIN_HISTORY = 3;

export function auditDecomposition(i: DecompositionInput): Decomposition {
  const totals = i.recent.map((r) => r.tokens.input + r.tokens.output).filter((n) => n > 0).sort((a, b) => a - b);
  let efficiency = 0;
  if (totals.length >= MIN_HISTORY && i.tokens > 0) {
    const median = totals[Math.floor(totals.length / 2)];
    if (i.tokens <= 0.75 * median) efficiency = 1;
    else if (i.tokens >= 1.5 * median) efficiency = -1;
  }
  const worldNew = i.world.some((e) => e.type === 'added' || e.type === 'superseded');
  const worldReused = i.world.some((e) => e.type === 'supported' || e.type === 'promoted');
  return {
    correctness: i.effective,
    efficiency,
    novelty: i.effective >= 0 && (i.skillEarned || worldNew) ? 1 : 0,
    generality: i.effective < 0 ? -1 : i.skillEarned || i.skillStrengthened || worldReused ? 1 : 0,
  };
}
