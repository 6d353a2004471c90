// Seed 000's feedback loop, summarised from the ledger: cheap models failing novel tasks and
// strong models wasted on routine ones, per tier and per reasoning_demand. Pure.
import { TIER_NAMES, type TierName } from '../config/index.ts';
import type { CallLine, TaskLine } from './ledger/index.ts';

export interface TierFigures {
  attempts: number;
  successes: number;
  successRate: number | null;
  costUsd: number;
  tokens: number;
  calls: number;
}

export interface RoutingSummary {
  tasks: number;
  costUsd: number;
  tokens: number;
  byTier: Record<TierName, TierFigures>;
  /** demand → tier → attempts and successes. */
  byDemand: Record<string, Partial<Record<TierName, { attempts: number; successes: number }>>>;
  appropriate: { underpowered: number; overpowered: number; right: number };
  /** Attempts below the strongest tier on novel tasks that failed. */
  cheapFailingNovel: { count: number; tasks: string[] };
  /** Tasks judged overpowered (a cheaper tier is known to do them, or routine work on a stronger tier). */
  strongWastedOnRoutine: { count: number; costUsd: number; tasks: string[] };
  escalations: { count: number; succeeded: number };
  consensus: { tasks: number; meanAgreement: number | null };
  /** Tasks where learned evidence moved the tier away from the route table's. */
  learnedOverrides: number;
}

const SHOW = 10;

export function summarizeRouting(tasks: TaskLine[], calls: CallLine[]): RoutingSummary {
  const byTier = Object.fromEntries(TIER_NAMES.map((t) => [t, { attempts: 0, successes: 0, successRate: null, costUsd: 0, tokens: 0, calls: 0 }])) as Record<TierName, TierFigures>;
  for (const c of calls) {
    byTier[c.tier].calls++;
    byTier[c.tier].tokens += c.input + c.output;
    byTier[c.tier].costUsd += c.cost_usd ?? 0;
  }
  const s: RoutingSummary = {
    tasks: tasks.length,
    costUsd: calls.reduce((n, c) => n + (c.cost_usd ?? 0), 0),
    tokens: calls.reduce((n, c) => n + c.input + c.output, 0),
    byTier,
    byDemand: {},
    appropriate: { underpowered: 0, overpowered: 0, right: 0 },
    cheapFailingNovel: { count: 0, tasks: [] },
    strongWastedOnRoutine: { count: 0, costUsd: 0, tasks: [] },
    escalations: { count: 0, succeeded: 0 },
    consensus: { tasks: 0, meanAgreement: null },
    learnedOverrides: 0,
  };
  let agreementSum = 0;
  for (const t of tasks) {
    s.appropriate[t.appropriate]++;
    if (t.tier !== t.table_tier) s.learnedOverrides++;
    const row = (s.byDemand[t.demand] ??= {});
    for (const a of t.attempts) {
      const ok = a.success >= 0.5;
      byTier[a.tier].attempts++;
      if (ok) byTier[a.tier].successes++;
      const cell = (row[a.tier] ??= { attempts: 0, successes: 0 });
      cell.attempts++;
      if (ok) cell.successes++;
      if (t.demand === 'novel' && a.tier !== 'strongest' && !ok) {
        s.cheapFailingNovel.count++;
        if (s.cheapFailingNovel.tasks.length < SHOW) s.cheapFailingNovel.tasks.push(t.task);
      }
    }
    if (t.attempts.length > 1) {
      s.escalations.count++;
      if ((t.attempts[t.attempts.length - 1]?.success ?? 0) >= 0.5) s.escalations.succeeded++;
    }
    if (t.appropriate === 'overpowered') {
      s.strongWastedOnRoutine.count++;
      s.strongWastedOnRoutine.costUsd += t.cost_usd ?? 0;
      if (s.strongWastedOnRoutine.tasks.length < SHOW) s.strongWastedOnRoutine.tasks.push(t.task);
    }
    if (t.consensus && t.agreement !== null) {
      s.consensus.tasks++;
      agreementSum += t.agreement;
    }
  }
  for (const t of TIER_NAMES) byTier[t].successRate = byTier[t].attempts ? byTier[t].successes / byTier[t].attempts : null;
  if (s.consensus.tasks) s.consensus.meanAgreement = agreementSum / s.consensus.tasks;
  return s;
}
