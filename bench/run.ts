// npm run bench -- [--json] [--aged N] [--pairs N] [--agents N]
// Prints the core benchmark; with --json the last line is one JSON object. Every baseline is
// measured in the same run (see bench/README.md for each field).
import { spawnSync } from 'node:child_process';
import { agedVsFresh, gitCommitBaseline, p, pickupAndOverhead, rssAfter, sqliteBaseline, throughput } from './core.ts';
import { benchArgs, numberFlag } from './flags.ts';

const { values } = benchArgs(process.argv.slice(2), {
  json: { type: 'boolean' }, aged: { type: 'string' }, pairs: { type: 'string' }, agents: { type: 'string' }, 'rss-child': { type: 'string' },
});
const RSS_TASKS = 2; // tasks per agent in the RSS-per-agent children

if (values['rss-child']) {
  // A child of the RSS-per-agent measure: prints its RSS after the work, nothing else.
  console.log(await rssAfter(numberFlag(values['rss-child'], 'rss-child', 1, { min: 1, max: 1000, whole: true }), RSS_TASKS));
  process.exit(0);
}

const aged = numberFlag(values.aged, 'aged', 5000, { min: 100, max: 100_000, whole: true });
const pairs = numberFlag(values.pairs, 'pairs', 100, { min: 20, max: 10_000, whole: true });
const agents = numberFlag(values.agents, 'agents', 100, { min: 2, max: 1000, whole: true });
const say = (s: string) => { if (!values.json) console.log(s); else console.error(s); };
const r2 = (n: number) => Math.round(n * 100) / 100;

say('AgentOS core benchmark (scripted instant model over real HTTP)');
const { pickup, overhead, payload } = await pickupAndOverhead(60);
say(`pickup (append to queue.md → model request): p50 ${p(pickup, 0.5)} ms, p95 ${p(pickup, 0.95)} ms`);
say(`overhead (task wall time − model time): p50 ${r2(p(overhead, 0.5))} ms, p95 ${r2(p(overhead, 0.95))} ms`);
const bytes = payload.reduce((n, f) => n + f.bytes.length, 0);
const git = gitCommitBaseline(60, payload);
say(`git baseline: add + commit of a task's ${payload.length} files (${bytes} bytes), p50 ${p(git, 0.5).toFixed(2)} ms`);
const sqlite = sqliteBaseline(60, payload);
say(`sqlite baseline: one WAL transaction (synchronous=FULL) of the same bytes, p50 ${p(sqlite, 0.5).toFixed(2)} ms`);
const tps = await throughput(10, 30);
say(`throughput, 10 agents: ${tps.toFixed(1)} tasks/s`);
say(`aged agent (${aged} tasks of history) vs fresh agent, ${pairs} tasks each alternated …`);
const growth = await agedVsFresh(aged, pairs);
say(`overhead p50: aged ${growth.aged} ms, fresh ${growth.fresh} ms → ×${growth.growth}; RSS over the history ${growth.rss.join(' → ')} MiB`);
const rssAt = (n: number) => {
  const r = spawnSync(process.execPath, [import.meta.filename, '--rss-child', String(n)], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (r.status !== 0) throw new Error(`RSS child with ${n} agents failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return Number(r.stdout.trim().split('\n').at(-1));
};
const counts = [...new Set([1, 10, agents])].sort((a, b) => a - b);
const rssAgents = Object.fromEntries(counts.map((n) => [String(n), rssAt(n)]));
const perAgent = r2((rssAgents[String(agents)] - rssAgents['1']) / (agents - 1));
say(`RSS after ${RSS_TASKS} tasks per agent: ${counts.map((n) => `${n} agents ${rssAgents[String(n)]} MiB`).join(', ')} → ${perAgent} MiB per agent`);

const o50 = r2(p(overhead, 0.5));
const result = {
  pickup_ms_p50: p(pickup, 0.5),
  pickup_ms_p95: p(pickup, 0.95),
  overhead_ms_p50: o50,
  overhead_ms_p95: r2(p(overhead, 0.95)),
  git_commit_ms_p50: r2(p(git, 0.5)),
  sqlite_task_ms_p50: r2(p(sqlite, 0.5)),
  overhead_vs_git: r2(o50 / p(git, 0.5)),
  overhead_vs_sqlite: r2(o50 / p(sqlite, 0.5)),
  task_files: payload.length,
  task_bytes: bytes,
  throughput_tasks_per_s: Math.round(tps * 10) / 10,
  overhead_growth: growth.growth,
  overhead_aged_ms_p50: growth.aged,
  overhead_fresh_ms_p50: growth.fresh,
  aged_tasks: aged,
  alternated_pairs: pairs,
  rss_mib: growth.rss.at(-1),
  rss_mib_samples: growth.rss,
  rss_tasks: aged,
  rss_mib_at_agents: rssAgents,
  rss_mib_per_agent: perAgent,
  rss_agents: agents,
};
console.log(JSON.stringify(result));
