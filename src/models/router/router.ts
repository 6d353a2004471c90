// The router: predict reasoning_demand from observable features, look the route up in the
// agent's table, then let learned evidence pick the cheapest tier that meets the target.
// It holds only what it learned from outcome records, which the ledger keeps in files.
import { TIER_NAMES, type RiskLevel, type TierName } from '../../config/index.ts';
import { asDemand, predictDemand, type DemandFeatures } from './demand.ts';
import { clusterEvidence, evidenceRate, observations, type OutcomeRecord, type TierEvidence } from './evidence.ts';
import { keywords, skillMatch, tagSimilarity, taskTags, type SkillLike } from './features.ts';
import { chooseTier, expectedSuccess, tablePrior } from './policy.ts';
import { describeRoute, parseRouteTable, type Demand, type ParsedRouteTable, type RouteTable } from './route-table.ts';
import { TextModel } from './text-model.ts';

export interface RouteInput {
  text: string;
  /** The task's own tags (queue.md `tags:`). */
  tags: string[];
  priority: 'high' | 'normal' | 'low';
  /** A reasoning_demand written on the task, if any. */
  explicitDemand?: unknown;
  skills: SkillLike[];
  familiarity: number;
  riskLevel: RiskLevel;
  targetSuccess: number;
  learn: boolean;
  table: RouteTable;
}

export interface RouteDecision {
  demand: Demand;
  /** What the route table says for that demand, and for routine work. */
  tableTier: TierName;
  routineTier: TierName;
  tier: TierName;
  consensus: boolean;
  calls?: number;
  /** The tag cluster the evidence came from. */
  tags: string[];
  features: DemandFeatures;
  expected: Record<TierName, number>;
  /** Cluster evidence per tier before this task (for model_appropriate afterwards). */
  evidence: Record<TierName, TierEvidence>;
  reason: string;
}

export interface LearnedRecord extends OutcomeRecord {
  text: string;
}

/** Outcome records kept in memory (the newest); older ones stay in the ledger files. */
export const MAX_RECORDS = 2000;

export class Router {
  private readonly records: LearnedRecord[] = [];
  private readonly model = new TextModel();
  private readonly tagCounts = new Map<string, number>();
  private table: { text: string; parsed: ParsedRouteTable } | undefined;

  get size(): number {
    return this.records.length;
  }

  /** The route table in constraints.md, parsed once per change; `fresh` on a new parse. */
  routeTable(constraints: string, file = 'constraints.md'): ParsedRouteTable & { fresh: boolean } {
    if (this.table?.text === constraints) return { ...this.table.parsed, fresh: false };
    const parsed = parseRouteTable(constraints, file);
    this.table = { text: constraints, parsed };
    return { ...parsed, fresh: true };
  }

  evidence(tags: string[]): Record<TierName, TierEvidence> {
    return clusterEvidence(this.records, tags);
  }

  /** P(success) per tier from the text model (undefined where it has not learned yet). */
  textScores(text: string): Record<string, number | undefined> {
    return this.model.predict(text, TIER_NAMES);
  }

  decide(input: RouteInput): RouteDecision {
    const tags = taskTags(input.text, input.tags, this.tagCounts.keys());
    const evidence = this.evidence(tags);
    const history = this.history(tags);
    const skill = skillMatch(keywords(input.text), input.skills);
    const cheapest = evidence[TIER_NAMES[0]];
    const features: DemandFeatures = {
      explicit: asDemand(input.explicitDemand) ?? (input.tags.some((t) => t.toLowerCase() === 'consensus') ? 'consensus' : null),
      skill_match: round(skill.score),
      skill: skill.skill,
      familiarity: round(Math.max(0, Math.min(1, input.familiarity))),
      history_n: round(history.n),
      history_success: history.n > 0 ? round(history.success / history.n) : null,
      cheapest_n: round(observations(cheapest)),
      cheapest_success: evidenceRate(cheapest) === null ? null : round(evidenceRate(cheapest)!),
      priority: input.priority,
      risk: input.riskLevel,
    };
    const { demand, why } = predictDemand(features);
    const route = input.table[demand];
    const text = this.textScores(input.text);
    const expected = Object.fromEntries(
      TIER_NAMES.map((t) => [t, expectedSuccess({ prior: tablePrior(t, route.tier), text: text[t], textSeen: this.model.seen(t), evidence: evidence[t] })]),
    ) as Record<TierName, number>;
    let tier = route.tier;
    let policyWhy = `route table: ${demand} → ${describeRoute(route)}`;
    if (!route.consensus && input.learn) {
      const chosen = chooseTier(expected, input.targetSuccess);
      tier = chosen.tier;
      if (tier !== route.tier) policyWhy += `; learned: ${chosen.why}`;
    } else if (!input.learn) policyWhy += ' (learned policy off)';
    return {
      demand,
      tableTier: route.tier,
      routineTier: input.table.routine.tier,
      tier,
      consensus: route.consensus,
      ...(route.calls !== undefined && { calls: route.calls }),
      tags,
      features,
      expected,
      evidence,
      reason: `${demand}: ${why.join('; ')}. ${policyWhy}`,
    };
  }

  /** Learns one task's outcome: its attempts feed the cluster evidence and the text model. */
  observe(rec: LearnedRecord): void {
    this.records.push(rec);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    for (const t of rec.tags) this.tagCounts.set(t, (this.tagCounts.get(t) ?? 0) + 1);
    const outcomes: Record<string, number> = {};
    for (const a of rec.attempts) outcomes[a.tier] = a.success;
    if (rec.text) this.model.learn(rec.text, outcomes);
  }

  /** Weighted final outcomes of similar past tasks, any tier. */
  private history(tags: string[]): { n: number; success: number } {
    let n = 0;
    let success = 0;
    if (tags.length === 0) return { n, success };
    for (const r of this.records) {
      const w = tagSimilarity(tags, r.tags);
      const last = r.attempts[r.attempts.length - 1];
      if (w === 0 || !last) continue;
      n += w;
      success += w * last.success;
    }
    return { n, success };
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
