// `agentos bench NAME`: the benchmarks in bench/, one row per sub-benchmark. Each module
// exports run(argv) → exit code; with --json its last stdout line is one JSON object. A bad
// flag of any benchmark is a usage error (exit 2) with that benchmark's usage.
import { hasCode } from '../../errors.ts';
import { EXIT, helpText, UsageError, type CommandSpec } from '../args.ts';
import { err } from '../output.ts';

interface Bench {
  summary: string;
  usage: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const BENCHES: Record<string, Bench> = {
  context: {
    summary: 'retrieval recall/precision, tokens vs load-all, assembly time',
    usage: 'agentos bench context [--dataset FILE.jsonl] [--budget TOKENS] [--repeat N] [--json]   (default: bench/data/context-10k.jsonl)',
    load: () => import('../../../bench/context.ts'),
  },
  learning: {
    summary: 'simulated curriculum: success curve with learning, no memory, load-all',
    usage: 'agentos bench learning [--families N] [--per-family N] [--base-rate P] [--seed N] [--json]',
    load: () => import('../../../bench/learning.ts'),
  },
  iac: {
    summary: 'dispatch accuracy vs round-robin, reputation under gaming, concurrent shared/ writers',
    usage: 'agentos bench iac [--writers N] [--json]',
    load: () => import('../../../bench/iac.ts'),
  },
  eval: {
    summary: 'two policies on scripted models over a 20-task suite with mixed judges: the side-by-side and its sign test',
    usage: 'agentos bench eval [--json]',
    load: () => import('../../../bench/eval-policies.ts'),
  },
  observe: {
    summary: 'task-path overhead of metrics + tracing (on vs off), 100 SSE clients vs none',
    usage: 'agentos bench observe [--json]',
    load: () => import('../../../bench/observe.ts'),
  },
  checkpoints: {
    summary: 'the cost of a step checkpoint: step time with and without, writes per step, their time and size',
    usage: 'agentos bench checkpoints [--tasks N] [--steps N] [--json]',
    load: () => import('../../../bench/checkpoints.ts'),
  },
  cluster: {
    summary: 'throughput with 1, 2, 4 workers (instant and 50 ms model) vs one process; lease failover p50 (needs redis-server)',
    usage: 'agentos bench cluster [--tasks N] [--repeat N] [--json]',
    load: () => import('../../../bench/cluster.ts'),
  },
  routing: {
    summary: 'replay RouteLLM outcomes through the router: APGR, CPT, cost saving',
    usage: 'agentos bench routing [--replay FILE.jsonl] [--keep-contaminated] [--sim-tasks N] [--json]   (default: bench/data/routing/gsm8k.jsonl)',
    load: async () => ({ run: (await import('./bench-routing.ts')).runRouting }),
  },
};

export const spec: CommandSpec = {
  name: 'bench',
  summary: 'run a benchmark: ' + Object.keys(BENCHES).join(', '),
  usage: `agentos bench {${Object.keys(BENCHES).join('|')}} [options] [--json]`,
  options: {},
  noData: true,
  help: Object.entries(BENCHES).flatMap(([name, b]) => [`${name.padEnd(18)}  ${b.summary}`, `${''.padEnd(18)}  ${b.usage}`]),
};

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) throw new UsageError(name ? `unknown benchmark "${name}"` : 'expected a benchmark name', helpText(spec));
  let mod;
  try {
    mod = await bench.load();
  } catch (e) {
    err(`agentos bench: the benchmarks live in bench/ of a source checkout (not in the Docker image): ${(e as Error).message}`);
    return EXIT.unavailable;
  }
  try {
    return await mod.run(rest);
  } catch (e) {
    if (hasCode(e, 'USAGE') && !(e instanceof UsageError)) throw new UsageError(`${name}: ${e.message}`, `usage: ${bench.usage}\n(agentos bench --help lists every benchmark)`);
    throw e;
  }
}
