// `agentos bench routing --replay FILE.jsonl [--json]`: `runRouting` takes the arguments after
// "routing" (a row of the `bench` dispatcher in bench.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, parse, str, UsageError, helpText, type CommandSpec } from '../args.ts';
import { hasCode } from '../../errors.ts';
import { err, out } from '../output.ts';

/** RouteLLM's GSM8K outcomes, shipped with their licence in bench/data/routing/. */
const DEFAULT_REPLAY = fileURLToPath(new URL('../../../bench/data/routing/gsm8k.jsonl', import.meta.url));

export const routingSpec: CommandSpec = {
  name: 'bench routing',
  summary: 'replay recorded strong/weak outcomes through the router: APGR, CPT(50%), CPT(80%), cost saving, random baseline',
  usage: 'agentos bench routing [--replay FILE.jsonl] [--json] [--keep-contaminated] [--sim-tasks N]',
  options: { replay: { type: 'string' }, json: { type: 'boolean' }, 'keep-contaminated': { type: 'boolean' }, 'sim-tasks': { type: 'string' } },
  noData: true,
  help: [
    '--replay FILE       JSON lines {"id","prompt","outcomes":{"weak":{"model","correct"},"strong":{...}}}',
    '                    (default bench/data/routing/gsm8k.jsonl; also mmlu.jsonl, mt_bench.jsonl there)',
    '--json              progress on stderr; the last stdout line is one JSON object',
    '--keep-contaminated also replay lines marked "contaminated": true (left out by default, as in RouteLLM)',
    '--sim-tasks N       tasks in the simulated mix (default 600)',
  ],
};

export async function runRouting(argv: string[]): Promise<number> {
  const { values } = parse(routingSpec, argv);
  const file = str(values.replay) ?? DEFAULT_REPLAY;
  if (!existsSync(file)) throw new UsageError(`--replay ${file}: no such file`, helpText(routingSpec));
  const sim = str(values['sim-tasks']);
  const simTasks = sim === undefined ? undefined : Number(sim);
  if (simTasks !== undefined && (!Number.isInteger(simTasks) || simTasks < 10 || simTasks > 100_000)) throw new UsageError(`--sim-tasks ${sim}: expected a whole number from 10 to 100000`, helpText(routingSpec));
  // bench/ is not part of the Docker image: load it only when asked for.
  const benchFile = new URL('../../../bench/routing.ts', import.meta.url);
  if (!existsSync(benchFile)) {
    err('agentos bench routing: the benchmarks (bench/) are not in this installation; run it from a source checkout');
    return EXIT.unavailable;
  }
  const { benchRouting, formatRouting, routingJson } = (await import(benchFile.href)) as typeof import('../../../bench/routing.ts');
  let result;
  try {
    result = benchRouting({ replay: file, keepContaminated: values['keep-contaminated'] === true, simTasks });
  } catch (e) {
    if (hasCode(e, 'REPLAY_FORMAT')) {
      err(`agentos bench routing: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
  const say = values.json ? err : out;
  for (const line of formatRouting(result)) say(line);
  if (values.json) out(JSON.stringify(routingJson(result)));
  return EXIT.ok;
}
