import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { formatIacMetrics, iacMetrics } from '../../iac/index.ts';
import { UnknownAgentError } from '../../kernel/index.ts';
import { formatMetric, learningProgress, loadAgentState, successMetrics, type Progress } from '../../learn/index.ts';
import { agentPaths, agentsYamlPath, Git } from '../../store/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';
import { agentReportPage } from '../../eval/index.ts';
import { writeFile } from 'node:fs/promises';

export const spec: CommandSpec = {
  name: 'report',
  summary: "an agent's learning metrics, computed from its files and git history",
  usage: 'agentos report AGENT [--data DIR] [--json] [--windows N] [--html FILE]',
  options: { json: { type: 'boolean' }, windows: { type: 'string' }, html: { type: 'string' } },
  help: ['--json              one JSON object, for scripts', '--windows N         windows of the success curve (default 10)',
    '--html FILE         also write one self-contained page with charts (learning curve, reward trend, cost per success, routing mix)'],
};

const SEP = '\x1f';
const END = '\x1e';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agent] = positionals;
  if (!agent || positionals.length > 1) throw new UsageError('expected one AGENT', helpText(spec));
  const windows = Number(str(values.windows) ?? 10);
  if (!Number.isInteger(windows) || windows < 1) throw new UsageError('--windows takes a whole number above 0', helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  const config = agents.find((a) => a.name === agent);
  if (!config) throw new UnknownAgentError(agent, agents.map((a) => a.name));
  const root = agentPaths(dataDir, agent).root;
  const git = new Git(root);
  const raw = (await git.hasHead()) ? await git.raw(['log', '--reverse', `--format=%aI${SEP}%s${SEP}%b${END}`]) : '';
  const commits = raw.split(END).map((c) => c.replace(/^\n/, '')).filter(Boolean).map((c) => {
    const [date, subject, body] = c.split(SEP);
    return { date, subject, body: body ?? '' };
  });
  const progress = learningProgress(commits, windows);
  const state = await loadAgentState(root, { quarantine: false });
  const now = {
    skills: state.skills.length,
    entities: state.world.filter((r) => r.status === 'confirmed' && r.kind === 'entity').length,
    relations: state.world.filter((r) => r.status === 'confirmed' && r.kind === 'relation').length,
    hypotheses: state.world.filter((r) => r.status === 'hypothesis').length,
  };
  const iac = await iacMetrics(dataDir, agents[0].iac);
  const html = str(values.html);
  if (html) {
    await writeFile(html, await agentReportPage(dataDir, agent, windows));
    (values.json ? err : out)(`wrote ${html}`);
  }
  const metrics = successMetrics(commits, config.metrics ?? []);
  if (values.json) out(JSON.stringify({ agent, ...progress, current: now, iac, metrics }));
  else {
    print(agent, progress, now);
    if (metrics.length) {
      out('');
      out('success metrics (agents.yaml metrics:):');
      for (const m of metrics) out(`  ${formatMetric(m)}`);
    }
    out('');
    out('working together (all agents):');
    for (const line of formatIacMetrics(iac)) out(`  ${line}`);
  }
  return EXIT.ok;
}

function print(agent: string, p: Progress, now: Record<string, number>): void {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
  out(`${agent}: ${p.tasks} tasks (${p.dead_lettered} dead-lettered); now ${now.skills} skills, ${now.entities} entities, ${now.relations} relations, ${now.hypotheses} hypotheses`);
  out('');
  out('task success over time (audited +1):');
  for (const w of p.success_over_time) out(`  tasks ${String(w.from).padStart(5)}-${String(w.to).padEnd(5)} ${'█'.repeat(Math.round(w.success * 20)).padEnd(20)} ${pct(w.success)}`);
  out(`reward trend: ${p.reward_trend.windows.join(' → ')} (slope ${p.reward_trend.slope_per_100} per 100 tasks)`);
  const c = p.context_efficiency;
  out(`context efficiency: ${c.mean_context_tokens ?? 'n/a'} tokens per task, ${pct(c.mean_retrieved_share)} of the retrieval budget used, ${c.context_tokens_per_success ?? 'n/a'} tokens per success`);
  out(`skill reuse rate: ${pct(p.skill_reuse_rate)} (${p.skills.strengthened} reuses, ${p.skills.earned} earned, ${p.skills.pruned} pruned)`);
  out(`hypothesis promotion rate: ${pct(p.hypothesis_promotion_rate)} (${p.world.promoted} promoted; ${p.world.added} added, ${p.world.superseded} superseded, ${p.world.rejected} proposals rejected)`);
  const k = p.contradiction_correction;
  out(`contradiction correction: ${k.corrected} corrected in ${k.mean_tasks ?? 'n/a'} tasks / ${k.mean_hours ?? 'n/a'} h on average; ${k.open} still contradicted`);
  out(`duplicate concepts collapsed: ${p.duplicate_concepts_collapsed} (collapse rate ${pct(p.duplicate_concept_collapse_rate)} of concepts added)`);
  const r = p.routing;
  out(`cost per successful task: ${r.cost_per_success === null ? 'n/a (unpriced or no success)' : `$${r.cost_per_success}`}; ${r.tokens_per_success ?? 'n/a'} tokens per success`);
  out(`expensive-call reduction: ${pct(r.expensive_share.reduction)} (strongest tier: ${pct(r.expensive_share.first)} of the first half of tasks, ${pct(r.expensive_share.second)} of the second)`);
  out(`underpowered-call failure rate: ${pct(r.underpowered_rate)} of ${r.routed_tasks} routed tasks`);
  for (const [name, j] of Object.entries(p.judges)) out(`judge ${name}: ${pct(j.pass_rate)} passed (${j.pass} pass, ${j.fail} fail, ${j.error} error, ${j.pending} pending)`);
  out(`audit divergence rate: ${pct(p.audit_divergence_rate)}`);
}
