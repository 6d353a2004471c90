// npm run bench -- [--json] [--growth-tasks N]
// Prints the core benchmark; with --json the last line is one JSON object.
import { parseArgs } from 'node:util';
import { gitCommitBaseline, overheadGrowth, p, pickupAndOverhead, throughput } from './core.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean' }, 'growth-tasks': { type: 'string' } } });
const growthTasks = Number(values['growth-tasks'] ?? 5000);
const say = (s: string) => { if (!values.json) console.log(s); else console.error(s); };

say('AgentOS core benchmark (scripted instant model over real HTTP; 2-core machine)');
const git = gitCommitBaseline(60);
say(`git baseline: add + commit of a task's files, p50 ${p(git, 0.5).toFixed(2)} ms`);
const { pickup, overhead } = await pickupAndOverhead(60);
say(`pickup (append to queue.md → model request): p50 ${p(pickup, 0.5)} ms, p95 ${p(pickup, 0.95)} ms`);
say(`overhead (task wall time − model time): p50 ${p(overhead, 0.5)} ms, p95 ${p(overhead, 0.95)} ms`);
const tps = await throughput(10, 30);
say(`throughput, 10 agents: ${tps.toFixed(1)} tasks/s`);
say(`overhead growth over ${growthTasks} tasks (one agent) …`);
const growth = await overheadGrowth(growthTasks);
say(`overhead growth: first 100 mean ${growth.first} ms, last 100 mean ${growth.last} ms → ×${growth.growth}`);

const result = {
  pickup_ms_p50: p(pickup, 0.5),
  pickup_ms_p95: p(pickup, 0.95),
  overhead_ms_p50: p(overhead, 0.5),
  overhead_ms_p95: p(overhead, 0.95),
  git_commit_ms_p50: Math.round(p(git, 0.5) * 100) / 100,
  overhead_vs_git: Math.round((p(overhead, 0.5) / p(git, 0.5)) * 100) / 100,
  throughput_tasks_per_s: Math.round(tps * 10) / 10,
  overhead_growth: growth.growth,
  overhead_first100_ms: growth.first,
  overhead_last100_ms: growth.last,
  growth_tasks: growthTasks,
};
console.log(JSON.stringify(result));
