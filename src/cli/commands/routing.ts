// `agentos routing AGENT`: how the agent's tasks were routed and what it cost, from the
// ledger files (works with or without a running daemon).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAgentsFile, modelsPolicyOf, readModelSettings, resolveDataDir, TIER_NAMES } from '../../config/index.ts';
import { budgetStatus, UnknownAgentError } from '../../kernel/index.ts';
import { ledgerDays, parseRouteTable, readDay, resolveTiers, summarizeRouting, describeRoute, DEMANDS, type CallLine, type TaskLine } from '../../models/index.ts';
import { agentPaths, agentsYamlPath } from '../../store/index.ts';
import { EXIT, parse, str, UsageError, helpText, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'routing',
  summary: "an agent's model routing: tiers, route table, outcomes per tier, waste, cost and budget",
  usage: 'agentos routing AGENT [--days N] [--data DIR] [--json]',
  options: { json: { type: 'boolean' }, days: { type: 'string' } },
  help: ['--days N            how many days of the ledger to read (default 30)', '--json              one JSON object, for scripts'],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const name = positionals[0];
  if (!name) throw new UsageError('name the agent', helpText(spec));
  const days = Number(str(values.days) ?? 30);
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days ${str(values.days)}: expected a whole number above 0`, helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  const config = agents.find((a) => a.name === name);
  if (!config) throw new UnknownAgentError(name, agents.map((a) => a.name));
  const paths = agentPaths(dataDir, name);

  const tasks: TaskLine[] = [];
  const calls: CallLine[] = [];
  const problems: string[] = [];
  for (const day of (await ledgerDays(paths.root)).slice(0, days)) {
    const r = await readDay(paths.root, day);
    for (const l of r.lines) (l.kind === 'task' ? tasks : calls).push(l as never);
    problems.push(...r.problems.map((p) => p.message));
  }
  const summary = summarizeRouting(tasks, calls);
  const constraints = await readFile(paths.constraints, 'utf8').catch(() => '');
  const table = parseRouteTable(constraints, path.join('agents', name, 'constraints.md'));
  const tiers = resolveTiers(modelsPolicyOf(config), readModelSettings());
  const policy = modelsPolicyOf(config);
  const budget = await budgetStatus(dataDir, config);
  const tierInfo = Object.fromEntries(
    TIER_NAMES.map((t) => [t, tiers.byName[t].map((m) => ({ label: m.label, price: m.price, contextWindow: m.contextWindow }))]),
  );

  if (values.json) {
    out(JSON.stringify({ agent: name, days, tiers: tierInfo, routeTable: table.table, routeTableWarnings: table.warnings, policy: { targetSuccess: policy.targetSuccess, learn: policy.learn, cascade: policy.cascade, consensus: policy.consensus }, budget, summary, problems }, null, 2));
    return EXIT.ok;
  }
  out(`${name}: model routing over the last ${days} day(s) of ledger/ (${summary.tasks} task(s))`);
  out('');
  out("tiers (as agents.yaml and this shell's LLM_* resolve them):");
  for (const t of TIER_NAMES) {
    for (const m of tierInfo[t]) out(`  ${t.padEnd(11)} ${m.label}${m.price ? `  $${m.price.input}/$${m.price.output} per M tokens in/out` : '  (no price configured)'}`);
  }
  const distinct = new Set(TIER_NAMES.flatMap((t) => tierInfo[t].map((m) => m.label))).size;
  if (distinct === 1) out('  (every tier is the same model: routing records the demand, but cannot save cost; configure models.tiers)');
  out(`route table (constraints.md): ${DEMANDS.map((d) => `${d} → ${describeRoute(table.table[d])}`).join(', ')}`);
  for (const w of table.warnings) out(`  warning: ${w}`);
  out(`policy: target success ${policy.targetSuccess}, learned policy ${policy.learn ? 'on' : 'off'}, cascade ${policy.cascade ? 'on' : 'off'}, consensus ${policy.consensus.calls} calls by ${policy.consensus.aggregate}`);
  out('');
  out('per tier:              attempts  success  cost USD   tokens');
  for (const t of TIER_NAMES) {
    const f = summary.byTier[t];
    out(`  ${t.padEnd(18)} ${String(f.attempts).padStart(9)}  ${f.successRate === null ? '    -' : `${(f.successRate * 100).toFixed(0).padStart(4)}%`}  ${f.costUsd.toFixed(4).padStart(8)}  ${String(f.tokens).padStart(7)}`);
  }
  out('per reasoning_demand (successes/attempts by tier):');
  for (const [d, row] of Object.entries(summary.byDemand)) {
    out(`  ${d.padEnd(10)} ${TIER_NAMES.map((t) => `${t} ${row[t] ? `${row[t]!.successes}/${row[t]!.attempts}` : '-'}`).join(', ')}`);
  }
  out('');
  out(`cheap models failing novel tasks: ${summary.cheapFailingNovel.count}${summary.cheapFailingNovel.tasks.length ? ` (${summary.cheapFailingNovel.tasks.join(', ')})` : ''}`);
  out(`strong models wasted (overpowered): ${summary.strongWastedOnRoutine.count}, $${summary.strongWastedOnRoutine.costUsd.toFixed(4)}${summary.strongWastedOnRoutine.tasks.length ? ` (${summary.strongWastedOnRoutine.tasks.join(', ')})` : ''}`);
  out(`model_appropriate: ${summary.appropriate.right} right, ${summary.appropriate.underpowered} underpowered, ${summary.appropriate.overpowered} overpowered`);
  out(`cascade escalations: ${summary.escalations.count} (${summary.escalations.succeeded} then succeeded); learned overrides of the table: ${summary.learnedOverrides}`);
  if (summary.consensus.tasks) out(`consensus: ${summary.consensus.tasks} task(s), mean agreement ${summary.consensus.meanAgreement!.toFixed(2)}`);
  out(`total: $${summary.costUsd.toFixed(4)}, ${summary.tokens} tokens`);
  out(`today (${budget.day} UTC): $${budget.spentUsd.toFixed(4)}, ${budget.tokens} tokens${budget.limitUsd !== null ? `, budget $${budget.limitUsd}` : ''}${budget.limitTokens !== null ? `, budget ${budget.limitTokens} tokens` : ''}${budget.paused ? ` — PAUSED: ${budget.reason}` : ''}`);
  for (const p of problems) out(`problem: ${p}`);
  return EXIT.ok;
}
