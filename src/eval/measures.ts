// Every measure of seed 000's "Benchmarking Directions", from an agent's real files: its git
// history (one commit per task with outcome, context, route, cost, skill, world and judge lines),
// its current records, and shared/ for the multi-agent measures.
import { loadAgentsFile } from '../config/index.ts';
import { iacMetrics, type IacMetrics } from '../iac/index.ts';
import { learningProgress, loadAgentState, type HistoryCommit, type Progress } from '../learn/index.ts';
import { agentPaths, agentsYamlPath, Git } from '../store/index.ts';

export interface AgentMeasures {
  agent: string;
  progress: Progress;
  current: { skills: number; entities: number; relations: number; hypotheses: number };
  iac: IacMetrics;
}

const SEP = '\x1f';
const END = '\x1e';

/** The agent's commits, oldest first. */
export async function readHistory(git: Git): Promise<HistoryCommit[]> {
  if (!(await git.hasHead())) return [];
  const raw = await git.raw(['log', '--reverse', `--format=%aI${SEP}%s${SEP}%b${END}`]);
  return raw.split(END).map((c) => c.replace(/^\n/, '')).filter(Boolean).map((c) => {
    const [date, subject, body] = c.split(SEP);
    return { date, subject, body: body ?? '' };
  });
}

export async function agentMeasures(dataDir: string, agent: string, windows = 10): Promise<AgentMeasures> {
  const root = agentPaths(dataDir, agent).root;
  const progress = learningProgress(await readHistory(new Git(root)), windows);
  const state = await loadAgentState(root, { quarantine: false });
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  return {
    agent, progress,
    current: {
      skills: state.skills.length,
      entities: state.world.filter((r) => r.status === 'confirmed' && r.kind === 'entity').length,
      relations: state.world.filter((r) => r.status === 'confirmed' && r.kind === 'relation').length,
      hypotheses: state.world.filter((r) => r.status === 'hypothesis').length,
    },
    iac: await iacMetrics(dataDir, agents[0]?.iac),
  };
}

/** Seed 000's list, each measure with its value (null: not measurable from these files yet). */
export function seedMeasures(m: AgentMeasures): { group: string; measure: string; value: string }[] {
  const p = m.progress;
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 1000) / 10}%`);
  const v = (x: number | null | undefined, unit = '') => (x === null || x === undefined ? 'n/a' : `${x}${unit}`);
  const k = p.contradiction_correction;
  return [
    { group: 'single-agent', measure: 'task success over time', value: p.success_over_time.map((w) => pct(w.success)).join(' → ') || 'n/a' },
    { group: 'single-agent', measure: 'context efficiency', value: `${v(p.context_efficiency.mean_context_tokens)} tokens/task, ${pct(p.context_efficiency.mean_retrieved_share)} of the retrieval budget, ${v(p.context_efficiency.context_tokens_per_success)} tokens/success` },
    { group: 'single-agent', measure: 'reward trend', value: `${p.reward_trend.windows.join(' → ') || 'n/a'} (slope ${p.reward_trend.slope_per_100} per 100 tasks)` },
    { group: 'single-agent', measure: 'skill reuse rate', value: `${pct(p.skill_reuse_rate)} (${p.skills.strengthened} reuses, ${p.skills.earned} earned)` },
    { group: 'world model', measure: 'hypothesis promotion rate', value: `${pct(p.hypothesis_promotion_rate)} (${p.world.promoted} promoted)` },
    { group: 'world model', measure: 'contradiction correction speed', value: `${v(k.mean_tasks, ' tasks')} / ${v(k.mean_hours, ' h')} (${k.corrected} corrected, ${k.open} open)` },
    { group: 'world model', measure: 'duplicate concept collapse rate', value: `${pct(p.duplicate_concept_collapse_rate)} (${p.duplicate_concepts_collapsed} merges, ${p.world.added} concepts added)` },
    { group: 'model routing', measure: 'cost per successful task', value: p.routing.cost_per_success === null ? 'n/a (unpriced or no success)' : `$${p.routing.cost_per_success}` },
    { group: 'model routing', measure: 'expensive-call reduction', value: `${pct(p.routing.expensive_share.reduction)} (strongest tier ${pct(p.routing.expensive_share.first)} of the first half, ${pct(p.routing.expensive_share.second)} of the second)` },
    { group: 'model routing', measure: 'underpowered-call failure rate', value: `${pct(p.routing.underpowered_rate)} of ${p.routing.routed_tasks} routed tasks` },
    { group: 'multi-agent', measure: 'proposal acceptance rate', value: `${pct(m.iac.proposals.acceptance_rate)} (${m.iac.proposals.accepted} of ${m.iac.proposals.total})` },
    { group: 'multi-agent', measure: 'time-to-consensus', value: v(m.iac.time_to_consensus_s.mean, ' s') },
    { group: 'multi-agent', measure: 'shared segment usefulness', value: `${pct(m.iac.segments.useful_rate)} (${m.iac.segments.retrieved_in_tasks} retrievals of ${m.iac.segments.total} segments)` },
  ];
}
