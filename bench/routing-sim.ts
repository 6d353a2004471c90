// SIMULATED task mix: task families with a per-tier success probability (made up, stated
// below), run through the router's real decisions, the cascade rule and skill-driven
// routine detection, against always-strongest (and two more baselines) on the same tasks.
// The figures show the policy's mechanics, not any real model's ability.
import { TIER_NAMES, type TierName } from '../src/config/index.ts';
import { DEFAULT_ROUTE_TABLE, judgeAppropriate, Router, type SkillLike } from '../src/models/index.ts';
import { costUsd, type Price } from '../src/models/index.ts';
import { seeded } from './routing-replay.ts';

export const SIM_PRICES: Record<TierName, Price> = {
  'cheap-fast': { input: 0.15, output: 0.6 },
  balanced: { input: 2.5, output: 10 },
  strongest: { input: 15, output: 75 },
};

interface Family {
  name: string;
  /** P(success) per tier: cheap-fast, balanced, strongest. */
  p: [number, number, number];
  texts: string[];
  tags: string[];
  verify: number;
}

export const SIM_FAMILIES: Family[] = [
  { name: 'json-format', p: [0.97, 0.98, 0.99], tags: ['json', 'format'], verify: 0.9, texts: ['Convert the {n} records in data.csv to JSON lines and format them.', 'Format the JSON config file settings.json with sorted keys.'] },
  { name: 'sql-query', p: [0.88, 0.96, 0.98], tags: ['sql', 'query'], verify: 0.8, texts: ['Write a parameterized SQL query returning the top {n} customers by revenue.', 'Write a SQL query that counts orders per day for the last {n} days.'] },
  { name: 'api-pagination', p: [0.55, 0.93, 0.97], tags: ['api', 'pagination'], verify: 0.8, texts: ['Write a client that fetches all {n} pages of a paginated REST API with retries.', 'Handle cursor pagination and rate limits for the vendor API, {n} requests per minute.'] },
  { name: 'concurrency-bug', p: [0.25, 0.6, 0.92], tags: ['concurrency', 'race'], verify: 0.9, texts: ['Find and fix the race condition in the worker pool that loses {n} jobs under load.', 'Explain and fix the deadlock between the {n} lock holders in scheduler.go.'] },
  { name: 'protocol-design', p: [0.1, 0.45, 0.85], tags: ['design', 'protocol'], verify: 0.6, texts: ['Design a replication protocol for {n} nodes that survives a network partition; prove safety.', 'Propose a consistency protocol for a {n}-region store and argue its failure modes.'] },
];

const TOKENS = { input: 2500, output: 600 };

export interface SimTask {
  family: Family;
  text: string;
  tags: string[];
  verify: boolean;
  /** One uniform draw per tier, so every policy meets the same luck on the same task. */
  draws: [number, number, number];
}

export function simTasks(n: number, seed = 7): SimTask[] {
  const rnd = seeded(seed);
  return Array.from({ length: n }, () => {
    const family = SIM_FAMILIES[Math.floor(rnd() * SIM_FAMILIES.length)];
    const text = family.texts[Math.floor(rnd() * family.texts.length)].replace('{n}', String(2 + Math.floor(rnd() * 50)));
    return { family, text, tags: family.tags, verify: rnd() < family.verify, draws: [rnd(), rnd(), rnd()] };
  });
}

export interface SimResult {
  policy: string;
  success: number;
  costUsd: number;
  costPerSuccess: number;
  tierShare: Record<TierName, number>;
  escalations: number;
  underpowered: number;
  overpowered: number;
}

type Policy = 'router' | 'table-only' | 'always-strongest' | 'always-cheap';

export function simulate(tasks: SimTask[], policy: Policy, target = 0.8): SimResult {
  const router = new Router();
  const skills: SkillLike[] = [];
  const uses: Record<TierName, number> = { 'cheap-fast': 0, balanced: 0, strongest: 0 };
  let successes = 0;
  let cost = 0;
  let escalations = 0;
  let under = 0;
  let over = 0;
  for (const t of tasks) {
    const d = router.decide({
      text: t.text, tags: [], priority: 'normal', skills, familiarity: 0, riskLevel: 'medium',
      targetSuccess: target, learn: policy === 'router', table: DEFAULT_ROUTE_TABLE,
    });
    let tier: TierName = policy === 'always-strongest' ? 'strongest' : policy === 'always-cheap' ? 'cheap-fast' : d.tier;
    const attempts: { tier: TierName; success: number }[] = [];
    for (;;) {
      const i = TIER_NAMES.indexOf(tier);
      const ok = t.draws[i] < t.family.p[i];
      uses[tier]++;
      cost += costUsd(SIM_PRICES[tier], { inputTokens: TOKENS.input, outputTokens: TOKENS.output })!;
      attempts.push({ tier, success: ok ? 1 : 0 });
      // The cascade: a failed verification escalates one tier, once.
      const canEscalate = policy === 'router' || policy === 'table-only';
      if (ok || !t.verify || !canEscalate || attempts.length > 1 || i === TIER_NAMES.length - 1) break;
      tier = TIER_NAMES[i + 1];
      escalations++;
    }
    const final = attempts[attempts.length - 1];
    if (final.success) successes++;
    const verdict = judgeAppropriate({ tier: final.tier, success: final.success, demand: d.demand, routineTier: DEFAULT_ROUTE_TABLE.routine.tier, evidence: d.evidence, target }).verdict;
    if (verdict === 'underpowered' || attempts.length > 1) under++;
    if (verdict === 'overpowered') over++;
    // Skills are earned from verified successes (seed 001): later tasks of the family match one.
    if (final.success && t.verify && !skills.some((s) => s.name === t.family.name)) {
      skills.push({ name: t.family.name, description: t.text, tags: t.tags });
    }
    router.observe({ text: t.text, tags: [...t.tags], attempts });
  }
  const n = tasks.length;
  return {
    policy,
    success: successes / n,
    costUsd: cost,
    costPerSuccess: successes ? cost / successes : Infinity,
    tierShare: Object.fromEntries(TIER_NAMES.map((k) => [k, uses[k] / Object.values(uses).reduce((a, b) => a + b, 0)])) as Record<TierName, number>,
    escalations,
    underpowered: under,
    overpowered: over,
  };
}
