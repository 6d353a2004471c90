// `agentos bench NAME`: the benchmarks in bench/, one row per sub-benchmark. Each module
// exports run(argv) → exit code; with --json its last stdout line is one JSON object.
import { EXIT, helpText, UsageError, type CommandSpec } from '../args.ts';
import { err } from '../output.ts';

interface Bench {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const BENCHES: Record<string, Bench> = {
  context: { summary: 'retrieval recall/precision, tokens vs load-all, assembly time (--dataset FILE.jsonl)', load: () => import('../../../bench/context.ts') },
  learning: { summary: 'simulated curriculum: success curve with learning, no memory, load-all', load: () => import('../../../bench/learning.ts') },
  iac: { summary: 'dispatch accuracy vs round-robin, reputation under gaming, concurrent shared/ writers', load: () => import('../../../bench/iac.ts') },
  cluster: { summary: 'throughput with 1, 2, 4 workers (instant and 50 ms model) vs one process; lease failover p50 (needs redis-server)', load: () => import('../../../bench/cluster.ts') },
  routing: { summary: 'replay RouteLLM outcomes through the router: APGR, CPT, cost saving (--replay FILE.jsonl)', load: async () => ({ run: (await import('./bench-routing.ts')).runRouting }) },
};

export const spec: CommandSpec = {
  name: 'bench',
  summary: 'run a benchmark: ' + Object.keys(BENCHES).join(', '),
  usage: `agentos bench {${Object.keys(BENCHES).join('|')}} [options] [--json]`,
  options: {},
  help: Object.entries(BENCHES).map(([name, b]) => `${name.padEnd(18)}  ${b.summary}`),
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
    return EXIT.failed;
  }
  return mod.run(rest);
}
