import { clusterOptions, formatClusterStatus, readClusterStatus } from '../../cluster/index.ts';
import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { formatIacMetrics, iacMetrics, maxQueueDepth } from '../../iac/index.ts';
import { agentStatus, type AgentStatus } from '../../kernel/index.ts';
import { agentsYamlPath } from '../../store/index.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'status',
  summary: 'show each agent: queue, rejected blocks, dead letters, skills, goals, last commit',
  usage: 'agentos status [--data DIR] [--json] [--redis URL]',
  options: { json: { type: 'boolean' }, redis: { type: 'string' } },
  help: ['--json              one JSON object, for scripts', '--redis URL         the cluster on this Redis: live workers, each agent\'s lease and queue'],
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  const redis = str(values.redis);
  if (redis) {
    const s = await readClusterStatus(clusterOptions({ redis }));
    out(values.json ? JSON.stringify(s, null, 2) : formatClusterStatus(s));
    return EXIT.ok;
  }
  const dataDir = resolveDataDir(str(values.data));
  const { agents, warnings } = await loadAgentsFile(agentsYamlPath(dataDir));
  const statuses = await Promise.all(agents.map(async (a) => ({ ...(await agentStatus(dataDir, a)), throughput_class: a.throughputClass ?? 'medium', max_queue: maxQueueDepth(a) })));
  const iac = await iacMetrics(dataDir, agents[0].iac);
  if (values.json) {
    out(JSON.stringify({ data: dataDir, warnings, agents: statuses, iac }, null, 2));
    return EXIT.ok;
  }
  out(`data: ${dataDir}`);
  for (const w of warnings) out(`warning: ${w}`);
  for (const s of statuses) printAgent(s);
  out('');
  out('shared:');
  for (const line of formatIacMetrics(iac)) out(`  ${line}`);
  return EXIT.ok;
}

function printAgent(s: AgentStatus & { throughput_class: string; max_queue: number }): void {
  out('');
  out(`${s.name} — ${s.domain || 'no domain'}`);
  out(`  queued: ${s.queued.length} of ${s.max_queue} (${s.throughput_class})${s.queued.length ? ` (${s.queued.map((q) => q.id + (q.waitingOn ? ` waiting on ${q.waitingOn.join(', ')}` : '')).join(', ')})` : ''}`);
  out(`  skills: ${s.skills.length}${s.skills.length ? ` (${s.skills.map((k) => `${k.name} ×${k.evidence}`).join(', ')})` : ''}`);
  out(`  active goals: ${s.goals.length}`);
  for (const g of s.goals) out(`    - ${g}`);
  if (s.lastRewards.length) out(`  last rewards: ${s.lastRewards.map((r) => `${r.task} ${sign(r.reward)}/${sign(r.audit)}`).join(', ')}  (self/audit)`);
  if (s.rejected.length) {
    out(`  rejected queue blocks: ${s.rejected.length} (see queue.rejected.md)`);
    for (const r of s.rejected) out(`    - ${r.id ?? '(no id)'} at queue.md line ${r.line}: ${r.reason}`);
  }
  if (s.deadLetters.length) out(`  dead letters: ${s.deadLetters.join(', ')} (see iac/dead_letters/)`);
  const b = s.budget;
  if (b.calls || b.limitUsd !== null || b.limitTokens !== null) {
    const limit = [b.limitUsd !== null ? `$${b.limitUsd}` : '', b.limitTokens !== null ? `${b.limitTokens} tokens` : ''].filter(Boolean).join(' / ');
    out(`  spent today (${b.day} UTC): $${b.spentUsd.toFixed(4)}, ${b.tokens} tokens in ${b.calls} call(s)${limit ? ` of a daily budget of ${limit}` : ''}`);
  }
  if (b.paused) out(`  PAUSED: ${b.reason}`);
  if (s.supervised) out(`  PAUSED by its watchdog since ${s.supervised.at} (${s.supervised.streak} × ${s.supervised.count}: ${s.supervised.tasks.join(', ')}): agentos resume ${s.name}`);
  for (const p of s.problems) out(`  problem: ${p}`);
  if (s.lastCommit) out(`  last commit: ${s.lastCommit.sha.slice(0, 8)} ${s.lastCommit.subject}`);
}

function sign(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
