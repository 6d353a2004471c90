// Learning metrics from an agent's history (seed 000's benchmarking directions): every task
// commit carries machine-readable lines (outcome, context, skill, world), so the figures are
// computed from git alone and cover more than the budgets keep in the files.

export interface HistoryCommit {
  date: string;
  subject: string;
  body: string;
}

interface TaskRow {
  id: string;
  date: string;
  reward: number;
  audit: number;
  effective: number;
  contextTokens: number | null;
  retrieved: number | null;
  budget: number | null;
  tier: string | null;
  appropriate: string | null;
  cost: number | null;
  tokens: number | null;
}

export interface Progress {
  tasks: number;
  dead_lettered: number;
  /** Share of tasks with an audited +1, per window of tasks in order. */
  success_over_time: { from: number; to: number; success: number }[];
  /** Mean effective reward per window, and the least-squares slope per 100 tasks. */
  reward_trend: { windows: number[]; slope_per_100: number };
  context_efficiency: { mean_context_tokens: number | null; mean_retrieved_share: number | null; context_tokens_per_success: number | null };
  skill_reuse_rate: number | null;
  skills: { earned: number; strengthened: number; pruned: number };
  hypothesis_promotion_rate: number | null;
  world: { added: number; promoted: number; demoted: number; retracted: number; superseded: number; merged: number; rejected: number };
  /** For beliefs that met contradicting evidence: tasks until demoted, retracted or superseded. */
  contradiction_correction: { corrected: number; open: number; mean_tasks: number | null; mean_hours: number | null };
  duplicate_concepts_collapsed: number;
  /** Records collapsed into another (duplicates) per concept added: how much of what was learned was a duplicate caught. */
  duplicate_concept_collapse_rate: number | null;
  audit_divergence_rate: number | null;
  /** Seed 000's model-routing measures, from each task commit's `route:` and `cost:` lines. */
  routing: {
    routed_tasks: number;
    /** Spend (USD) per audited success; null when no task was priced. */
    cost_per_success: number | null;
    tokens_per_success: number | null;
    /** Cost per audited success in each window (null: unpriced or no success there). */
    cost_per_success_by_window: (number | null)[];
    /** Share of tasks per tier, per window (the routing mix over time). */
    tier_mix: Record<string, number>[];
    /** Share of tasks on the strongest tier: first half of the history, second half, and 1 − second/first. */
    expensive_share: { first: number | null; second: number | null; reduction: number | null };
    /** Share of routed tasks whose model was judged underpowered (it failed what it was given). */
    underpowered_rate: number | null;
  };
  /** Pass rate per judge name, from each commit's `judge:` lines. */
  judges: Record<string, { pass: number; fail: number; error: number; pending: number; pass_rate: number | null }>;
}

const OUTCOME = /^outcome: \S+; reward ([+-]?\d), audit ([+-]?\d)/m;
const CONTEXT = /^context: (\d+) tokens; retrieved (\d+) of (\d+)/m;
const WORLD = /^world: (\w+) (\S+)/;
const ROUTE = /^route: \S+ → ([^\s,]+).*; model_appropriate: (\w+)/m;
const COST = /^cost: (?:\$([\d.]+)|unpriced), (\d+) tokens/m;
const JUDGE = /^judge: (\S+) (pass|fail|error|pending)\b/gm;
const STRONGEST = 'strongest';

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);
const mean = (xs: number[]) => (xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length, 2) : null);

/** `commits` oldest first. */
export function learningProgress(commits: HistoryCommit[], windows = 10): Progress {
  const rows: TaskRow[] = [];
  let dead = 0;
  const skills = { earned: 0, strengthened: 0, pruned: 0 };
  const world = { added: 0, promoted: 0, demoted: 0, retracted: 0, superseded: 0, merged: 0, rejected: 0 };
  let addedHypotheses = 0;
  const contradicted = new Map<string, { at: number; date: string }>();
  const corrections: { tasks: number; hours: number }[] = [];
  let divergent = 0;
  let collapsed = 0;
  const judges: Progress['judges'] = {};

  for (const c of commits) {
    const task = /^[^(]+\(task\): (\S+)$/.exec(c.subject);
    if (/^[^(]+\(dead-letter\): /.test(c.subject)) {
      dead++;
      rows.push({ id: c.subject, date: c.date, reward: -1, audit: -1, effective: -1, contextTokens: null, retrieved: null, budget: null, tier: null, appropriate: null, cost: null, tokens: null });
      continue;
    }
    if (!task) continue;
    const o = OUTCOME.exec(c.body);
    if (!o) continue;
    const reward = Number(o[1]);
    const audit = Number(o[2]);
    if (reward !== audit) divergent++;
    const ctx = CONTEXT.exec(c.body);
    const route = ROUTE.exec(c.body);
    const cost = COST.exec(c.body);
    const index = rows.length;
    rows.push({
      id: task[1], date: c.date, reward, audit, effective: Math.min(reward, audit),
      contextTokens: ctx ? Number(ctx[1]) : null, retrieved: ctx ? Number(ctx[2]) : null, budget: ctx ? Number(ctx[3]) : null,
      tier: route?.[1] ?? null, appropriate: route?.[2] ?? null,
      cost: cost?.[1] !== undefined ? Number(cost[1]) : null, tokens: cost ? Number(cost[2]) : null,
    });
    for (const j of c.body.matchAll(JUDGE)) {
      const t = (judges[j[1]] ??= { pass: 0, fail: 0, error: 0, pending: 0, pass_rate: null });
      t[j[2] as 'pass']++;
    }
    if (/^skill earned: /m.test(c.body)) skills.earned++;
    if (/^skill strengthened: /m.test(c.body)) skills.strengthened++;
    const pruned = /^skills pruned: (.+)$/m.exec(c.body);
    if (pruned) skills.pruned += pruned[1].split(', ').length;
    for (const line of c.body.split('\n')) {
      const m = WORLD.exec(line);
      if (!m) continue;
      const [, type, name] = m;
      if (type in world) world[type as keyof typeof world]++;
      // "world: merged NAME a, b → NAME (duplicate concept; …)": each name before the arrow was collapsed.
      if (type === 'merged') collapsed += (/^world: merged \S+ (.*?) → /.exec(line)?.[1].split(', ').filter(Boolean).length ?? 1);
      if (type === 'added' && / hypothesis: /.test(line)) addedHypotheses++;
      if (type === 'contradicted' && !contradicted.has(name)) contradicted.set(name, { at: index, date: c.date });
      if ((type === 'demoted' || type === 'retracted' || type === 'superseded') && contradicted.has(name)) {
        const from = contradicted.get(name)!;
        corrections.push({ tasks: index - from.at + 1, hours: Math.max(0, (Date.parse(c.date) - Date.parse(from.date)) / 3_600_000) });
        contradicted.delete(name);
      }
      if (type === 'supported' || type === 'promoted') contradicted.delete(name);
    }
  }

  const n = rows.length;
  const size = Math.max(1, Math.ceil(n / windows));
  const chunks: TaskRow[][] = [];
  for (let i = 0; i < n; i += size) chunks.push(rows.slice(i, i + size));
  const withCtx = rows.filter((r) => r.contextTokens !== null);
  const successes = rows.filter((r) => r.effective === 1).length;
  return {
    tasks: n,
    dead_lettered: dead,
    success_over_time: chunks.map((ch, i) => ({ from: i * size + 1, to: i * size + ch.length, success: round(ch.filter((r) => r.effective === 1).length / ch.length) })),
    reward_trend: { windows: chunks.map((ch) => round(ch.reduce((s, r) => s + r.effective, 0) / ch.length)), slope_per_100: round(slope(rows.map((r) => r.effective)) * 100) },
    context_efficiency: {
      mean_context_tokens: mean(withCtx.map((r) => r.contextTokens!)),
      mean_retrieved_share: mean(withCtx.filter((r) => r.budget! > 0).map((r) => r.retrieved! / r.budget!)),
      context_tokens_per_success: successes ? round(withCtx.reduce((s, r) => s + r.contextTokens!, 0) / successes, 1) : null,
    },
    skill_reuse_rate: ratio(skills.strengthened, skills.earned + skills.strengthened),
    skills,
    hypothesis_promotion_rate: ratio(world.promoted, addedHypotheses),
    world,
    contradiction_correction: {
      corrected: corrections.length, open: contradicted.size,
      mean_tasks: mean(corrections.map((c) => c.tasks)), mean_hours: mean(corrections.map((c) => c.hours)),
    },
    duplicate_concepts_collapsed: world.merged,
    duplicate_concept_collapse_rate: ratio(collapsed, world.added),
    audit_divergence_rate: ratio(divergent, n - dead),
    routing: routingMeasures(rows, chunks, successes),
    judges: Object.fromEntries(Object.entries(judges).map(([k, v]) => [k, { ...v, pass_rate: ratio(v.pass, v.pass + v.fail + v.error) }])),
  };
}

function routingMeasures(rows: TaskRow[], chunks: TaskRow[][], successes: number): Progress['routing'] {
  const routed = rows.filter((r) => r.tier !== null);
  const priced = rows.filter((r) => r.cost !== null);
  const withTokens = rows.filter((r) => r.tokens !== null);
  const strongShare = (rs: TaskRow[]) => (rs.length ? round(rs.filter((r) => r.tier === STRONGEST).length / rs.length) : null);
  const half = Math.ceil(routed.length / 2);
  const first = strongShare(routed.slice(0, half));
  const second = routed.length > 1 ? strongShare(routed.slice(half)) : null;
  return {
    routed_tasks: routed.length,
    cost_per_success: priced.length && successes ? round(priced.reduce((s, r) => s + r.cost!, 0) / successes, 6) : null,
    tokens_per_success: withTokens.length && successes ? round(withTokens.reduce((s, r) => s + r.tokens!, 0) / successes, 1) : null,
    cost_per_success_by_window: chunks.map((ch) => {
      const ok = ch.filter((r) => r.effective === 1).length;
      const priced = ch.filter((r) => r.cost !== null);
      return ok && priced.length ? round(priced.reduce((s, r) => s + r.cost!, 0) / ok, 6) : null;
    }),
    tier_mix: chunks.map((ch) => {
      const rs = ch.filter((r) => r.tier !== null);
      const mix: Record<string, number> = {};
      for (const r of rs) mix[r.tier!] = (mix[r.tier!] ?? 0) + 1;
      return Object.fromEntries(Object.entries(mix).map(([t, k]) => [t, round(k / rs.length)]));
    }),
    expensive_share: { first, second, reduction: first && second !== null ? round(1 - second / first) : null },
    underpowered_rate: ratio(routed.filter((r) => r.appropriate === 'underpowered').length, routed.length),
  };
}

function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den ? num / den : 0;
}
