// Seed 000's decision logic as rules over observable features:
//   routine   — a known skill matches and the ground is known (familiar entities or past successes)
//   moderate  — some of that, some ambiguity
//   novel     — no skill match, new territory
//   consensus — asked for explicitly, or high priority work of a critical-risk agent
// then priority and the agent's risk level push the demand up, never down.
import type { RiskLevel } from '../../config/index.ts';
import { DEMANDS, type Demand } from './route-table.ts';

export interface DemandFeatures {
  /** reasoning_demand written on the task (queue.md key or a tag), if any. */
  explicit: Demand | null;
  /** 0..1 best skill keyword match, and which skill. */
  skill_match: number;
  skill: string | null;
  /** 0..1 from the world model; 0 when unknown. */
  familiarity: number;
  /** Weighted past outcomes on similar tags, all tiers together. */
  history_n: number;
  history_success: number | null;
  /** Evidence on similar tags for the cheapest tier alone. */
  cheapest_n: number;
  cheapest_success: number | null;
  priority: 'high' | 'normal' | 'low';
  risk: RiskLevel;
}

const RANK: Record<Exclude<Demand, 'consensus'>, number> = { routine: 0, moderate: 1, novel: 2 };
const BY_RANK = ['routine', 'moderate', 'novel'] as const;

export function asDemand(v: unknown): Demand | null {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return (DEMANDS as readonly string[]).includes(s) ? (s as Demand) : null;
}

export function predictDemand(f: DemandFeatures): { demand: Demand; why: string[] } {
  if (f.explicit) return { demand: f.explicit, why: [`the task asks for ${f.explicit}`] };
  if (f.risk === 'critical' && f.priority === 'high') return { demand: 'consensus', why: ['high priority work of a critical-risk agent'] };
  const why: string[] = [];
  const knownSkill = f.skill_match >= 2 / 3;
  const provenGround = f.familiarity >= 0.5 || (f.history_n >= 2 && (f.history_success ?? 0) >= 0.7);
  let rank: number;
  if (knownSkill && provenGround) {
    rank = RANK.routine;
    why.push(`skill ${f.skill} matches (${f.skill_match.toFixed(2)})`, f.familiarity >= 0.5 ? `familiar entities (${f.familiarity.toFixed(2)})` : `past successes on these tags (${fmt(f.history_success)} over ${f.history_n.toFixed(1)})`);
  } else if (f.skill_match > 0 || f.familiarity >= 0.3 || f.history_n >= 1) {
    rank = RANK.moderate;
    why.push(`partly known: skill match ${f.skill_match.toFixed(2)}, familiarity ${f.familiarity.toFixed(2)}, ${f.history_n.toFixed(1)} similar past task(s)`);
  } else {
    rank = RANK.novel;
    why.push('no skill match, no familiar entities, no similar past task');
  }
  if (rank === RANK.routine && f.cheapest_n >= 2 && (f.cheapest_success ?? 1) < 0.5) {
    rank = RANK.moderate;
    why.push(`the cheapest tier failed similar tasks (${fmt(f.cheapest_success)} over ${f.cheapest_n.toFixed(1)})`);
  }
  if (f.priority === 'high' && rank < RANK.novel) {
    rank++;
    why.push('high priority');
  }
  const floor = f.risk === 'critical' ? RANK.novel : f.risk === 'high' ? RANK.moderate : RANK.routine;
  if (rank < floor) {
    rank = floor;
    why.push(`${f.risk} risk agent`);
  }
  return { demand: BY_RANK[rank], why };
}

function fmt(n: number | null): string {
  return n === null ? 'n/a' : n.toFixed(2);
}
