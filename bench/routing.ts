// The routing benchmark: a RouteLLM replay (real per-prompt outcomes) through AgentOS's
// router, with the random router of the same run as baseline, plus a SIMULATED task mix.
import { loadReplay, runReplay, type ReplayResult } from './routing-replay.ts';
import { simTasks, simulate, SIM_FAMILIES, SIM_PRICES, type SimResult } from './routing-sim.ts';

export interface BenchRoutingOptions {
  replay: string;
  keepContaminated?: boolean;
  simTasks?: number;
}

export interface BenchRoutingResult {
  file: string;
  replay: ReplayResult;
  sim: { tasks: number; results: SimResult[] };
}

export function benchRouting(opts: BenchRoutingOptions): BenchRoutingResult {
  const { lines, skipped } = loadReplay(opts.replay, { keepContaminated: opts.keepContaminated });
  const replay = runReplay(lines, skipped);
  const tasks = simTasks(opts.simTasks ?? 600);
  const results = (['always-strongest', 'router', 'table-only', 'always-cheap'] as const).map((p) => simulate(tasks, p));
  return { file: opts.replay, replay, sim: { tasks: tasks.length, results } };
}

const pct = (x: number | null) => (x === null ? 'not reached' : `${(x * 100).toFixed(1)}%`);

export function formatRouting(r: BenchRoutingResult): string[] {
  const { replay: p } = r;
  const out = [
    `Routing replay: ${r.file} — ${p.n} prompts${p.skipped ? ` (${p.skipped} marked contaminated left out, as in the paper)` : ''}`,
    `prequential: each prompt is routed by AgentOS's router as it stands, then it learns that prompt's revealed outcomes`,
    `weak model ${p.router.weak.toFixed(4)}, strong model ${p.router.strong.toFixed(4)} (mean performance)`,
    '',
    `                    APGR    CPT(50%)   CPT(80%)`,
    `router            ${p.router.apgr.toFixed(3)}   ${pct(p.router.cpt50).padStart(8)}   ${pct(p.router.cpt80).padStart(8)}`,
    `random (${p.random.runs} seeds) ${p.random.apgr.toFixed(3)}   ${pct(p.random.cpt50).padStart(8)}   ${pct(p.random.cpt80).padStart(8)}   (APGR 95% range ${p.random.apgrLow.toFixed(3)}–${p.random.apgrHigh.toFixed(3)})`,
    '',
    `cost saving vs always-strong at CPT(50%): ${p.costSaving50 === null ? 'n/a' : `${p.costSaving50.toFixed(2)}×`}; at CPT(80%): ${p.costSaving80 === null ? 'n/a' : `${p.costSaving80.toFixed(2)}×`}`,
    `  (calls of equal length priced as in RouteLLM Table 6: strong $24.7, weak $0.24 per million tokens)`,
    `strong calls saved vs the random router at 50% / 80% of the gap (RouteLLM Table 6's ratio): ${ratio(p.random.cpt50, p.router.cpt50)} / ${ratio(p.random.cpt80, p.router.cpt80)}`,
    `router scoring time: ${p.ms.toFixed(0)} ms for ${p.n} prompts`,
    '',
    `SIMULATED task mix (${r.sim.tasks} tasks, ${SIM_FAMILIES.length} families with made-up per-tier success rates; prices per M tokens in/out: ${Object.entries(SIM_PRICES).map(([t, pr]) => `${t} $${pr.input}/$${pr.output}`).join(', ')})`,
    `policy             success  cost/success  cheap/balanced/strongest calls  escalations`,
  ];
  for (const s of r.sim.results) {
    out.push(`${s.policy.padEnd(18)} ${s.success.toFixed(3)}    $${s.costPerSuccess.toFixed(4)}       ${Object.values(s.tierShare).map((v) => `${(v * 100).toFixed(0)}%`).join(' / ').padEnd(16)}             ${s.escalations}`);
  }
  const strong = r.sim.results.find((s) => s.policy === 'always-strongest')!;
  const router = r.sim.results.find((s) => s.policy === 'router')!;
  out.push(`router vs always-strongest: ${(router.success / strong.success).toFixed(3)} of its success at ${(router.costPerSuccess / strong.costPerSuccess).toFixed(3)} of its cost per successful task (SIMULATED)`);
  return out;
}

function ratio(random: number | null, router: number | null): string {
  return random === null || router === null || router === 0 ? 'n/a' : `${(random / router).toFixed(2)}×`;
}

export function routingJson(r: BenchRoutingResult): Record<string, unknown> {
  const p = r.replay;
  const strong = r.sim.results.find((s) => s.policy === 'always-strongest')!;
  const router = r.sim.results.find((s) => s.policy === 'router')!;
  const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
  return {
    apgr: round(p.router.apgr),
    random_apgr: round(p.random.apgr),
    cpt50: round(p.router.cpt50),
    cpt80: round(p.router.cpt80),
    cost_saving: round(p.costSaving50, 3),
    n: p.n,
    file: r.file,
    skipped_contaminated: p.skipped,
    random_apgr_range: [round(p.random.apgrLow), round(p.random.apgrHigh)],
    random_cpt50: round(p.random.cpt50),
    random_cpt80: round(p.random.cpt80),
    cost_saving_cpt80: round(p.costSaving80, 3),
    weak_performance: round(p.router.weak),
    strong_performance: round(p.router.strong),
    curve: p.router.points.map((pt) => [round(pt.strongShare), round(pt.performance)]),
    simulated: {
      simulated: true,
      tasks: r.sim.tasks,
      router_success: round(router.success),
      strongest_success: round(strong.success),
      success_ratio: round(router.success / strong.success),
      router_cost_per_success: round(router.costPerSuccess, 6),
      strongest_cost_per_success: round(strong.costPerSuccess, 6),
      cost_ratio: round(router.costPerSuccess / strong.costPerSuccess),
      policies: r.sim.results.map((s) => ({ policy: s.policy, success: round(s.success), cost_per_success: round(s.costPerSuccess, 6), tier_share: s.tierShare, escalations: s.escalations })),
    },
  };
}
