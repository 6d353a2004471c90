// `agentos eval run|compare|learning`: eval suites in scratch copies of the agents, the
// side-by-side of two runs, and the learning curves of a curriculum. --json: the last stdout
// line is one JSON object (progress goes to stderr then).
import { writeFile } from 'node:fs/promises';
import { readRuntimeEnv } from '../../config/index.ts';
import { compareEvals, evalLearning, MAX_REPEAT, runEvals, type EvalEnv } from '../../eval/index.ts';
import { createLogger, registerEnvSecrets } from '../../telemetry/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';
import { openSystem } from '../../compose/index.ts';

export const spec: CommandSpec = {
  name: 'eval',
  summary: 'eval suites in scratch copies of the agents, side-by-side comparison of runs, learning curves',
  usage: [
    'agentos eval run SUITE.yaml [--agents A,B] [--policy FILE]… [--repeat N] [--keep] [--json]',
    '       agentos eval compare RUN RUN [--html FILE] [--json]',
    '       agentos eval learning SUITE.yaml [--agent NAME] [--windows N] [--html FILE] [--json]',
  ].join('\n'),
  options: {
    agents: { type: 'string' }, agent: { type: 'string' }, policy: { type: 'string', multiple: true }, repeat: { type: 'string' },
    keep: { type: 'boolean' }, json: { type: 'boolean' }, html: { type: 'string' }, windows: { type: 'string' },
  },
  help: [
    'run:      --agents A,B     run every task on each of these agents (default: each task on its own agent)',
    '          --policy FILE    a policy file (README "Evaluation"); repeat for one run per policy; two runs are compared',
    `          --repeat N       run the suite N times, each in a fresh scratch copy (1..${MAX_REPEAT}, default 1)`,
    '          --keep           keep the scratch data directories (their paths are logged)',
    'compare:  RUN is a run id under shared/evals/, or a results.json path; --html FILE writes a page with charts',
    'learning: --agent NAME     the agent whose agents.yaml entry the curriculum runs through (default: the suite\'s)',
    '          --windows N      points on the curves (default 10); --html FILE writes the curves as a page',
    '--json                     one JSON object as the last line of stdout',
  ],
};

function evalEnv(data: string | undefined, json: boolean, keep: boolean): EvalEnv {
  registerEnvSecrets();
  const e = readRuntimeEnv(data);
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'error' });
  return {
    dataDir: e.dataDir, model: e.model, log, keep,
    open: ({ dataDir, model, extra }) => openSystem({ dataDir, model, log, pollIntervalMs: 60_000, routing: extra.routing, judgeTimeoutMs: extra.judgeTimeoutMs, runtime: { supervision: extra.supervision } }),
  };
}

function wholeNumber(v: unknown, name: string, dflt: number, max: number): number {
  const n = Number(str(v) ?? dflt);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} takes a whole number 1..${max}`, helpText(spec));
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [sub, ...args] = positionals;
  const json = values.json === true;
  const say = (s: string) => (json ? process.stderr.write(`${s}\n`) : out(s));
  const html = str(values.html);
  const writeHtml = async (page: () => string) => {
    if (!html) return;
    await writeFile(html, page());
    say(`wrote ${html}`);
  };
  if (sub === 'run') {
    if (args.length !== 1) throw new UsageError('run takes one SUITE.yaml', helpText(spec));
    const repeat = wholeNumber(values.repeat, '--repeat', 1, MAX_REPEAT);
    const agents = str(values.agents)?.split(',').map((s) => s.trim()).filter(Boolean);
    const e = evalEnv(str(values.data), json, values.keep === true);
    const r = await runEvals(e, { suiteFile: args[0], policyFiles: (values.policy as string[] | undefined) ?? [], repeat, ...(agents && { agents }), onLine: say });
    if (json) out(JSON.stringify(r));
    return EXIT.ok;
  }
  if (sub === 'compare') {
    if (args.length !== 2) throw new UsageError('compare takes two runs', helpText(spec));
    const c = await compareEvals(evalEnv(str(values.data), json, false).dataDir, args[0], args[1]);
    say(c.text);
    await writeHtml(c.html);
    if (json) out(JSON.stringify(c.comparison));
    return EXIT.ok;
  }
  if (sub === 'learning') {
    if (args.length !== 1) throw new UsageError('learning takes one SUITE.yaml', helpText(spec));
    const windows = wholeNumber(values.windows, '--windows', 10, 100);
    const e = evalEnv(str(values.data), json, values.keep === true);
    say(`learning curriculum ${args[0]}: in order, through a fresh agent and its no-memory twin (model ${e.model.model})`);
    const l = await evalLearning(e, args[0], { ...(str(values.agent) && { agent: str(values.agent) }), windows });
    for (const line of l.lines) say(line);
    await writeHtml(l.html);
    if (json) out(JSON.stringify(l.result));
    return EXIT.ok;
  }
  throw new UsageError(sub ? `unknown eval command "${sub}"` : 'expected run, compare or learning', helpText(spec));
}
