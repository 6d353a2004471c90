// `agentos replay AGENT TASK | AGENT --since DATE`: re-run recorded tasks in scratch copies of the
// agent, every model call served from the recording, and say whether the results are identical
// (and the diff when not). --policy FILE replays the same history under a changed policy. Exit 0
// when every replayed task is identical, 1 when any differs or cannot be replayed.
import { readRuntimeEnv } from '../../config/index.ts';
import { formatReport, formatSummary, replayTasks, type ReplayEnv } from '../../eval/index.ts';
import { createLogger, registerEnvSecrets } from '../../telemetry/index.ts';
import { openSystem } from '../../compose/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'replay',
  summary: 'replay recorded tasks in a scratch copy of the agent (recorded model replies) and diff the results',
  usage: 'agentos replay AGENT TASK [--policy FILE] [--keep] [--json] [--data DIR]\n       agentos replay AGENT --since DATE [--limit N] [--policy FILE] [--json] [--data DIR]',
  options: { policy: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' }, keep: { type: 'boolean' }, json: { type: 'boolean' } },
  help: [
    'TASK                one recorded task: every divergence and difference is printed',
    '--since DATE        every recorded task that started at or after DATE (ISO 8601): a table',
    '--limit N           at most N tasks with --since, the newest (default 200)',
    '--policy FILE       replay under a changed policy (the eval policy format, README "Evaluation")',
    '--keep              keep the scratch data directories (their paths are printed)',
    '--json              one JSON object as the last line of stdout (progress goes to stderr)',
    'Exit status: 0 when every replayed task is identical, 1 when one differs or cannot be replayed.',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agent, task, ...extra] = positionals;
  if (!agent || extra.length) throw new UsageError('expected AGENT and TASK, or AGENT --since DATE', helpText(spec));
  const sinceText = str(values.since);
  if (!task && !sinceText) throw new UsageError('give a TASK, or --since DATE for every task recorded since then', helpText(spec));
  if (task && sinceText) throw new UsageError('give either a TASK or --since DATE, not both', helpText(spec));
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since ${JSON.stringify(sinceText)} is not a date (ISO 8601, e.g. 2026-06-01 or 2026-06-01T12:00:00Z)`, helpText(spec));
  const limitText = str(values.limit);
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10_000)) throw new UsageError('--limit takes a whole number 1..10000', helpText(spec));
  const json = values.json === true;
  const say = (s: string) => (json ? process.stderr.write(`${s}\n`) : out(s));
  registerEnvSecrets();
  const e = readRuntimeEnv(str(values.data));
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'error' });
  const env: ReplayEnv = {
    dataDir: e.dataDir, log, keep: values.keep === true,
    open: ({ dataDir, model, extra: runtime }) => openSystem({ dataDir, model, log, pollIntervalMs: 60_000, runtime }),
  };
  const s = await replayTasks(env, { agent, ...(task && { task }), ...(since && { since }), ...(limit && { limit }), ...(str(values.policy) && { policyFile: str(values.policy) }), onLine: say });
  if (task) say(formatReport(s.reports[0]));
  else say(formatSummary(s));
  if (json) out(JSON.stringify(task ? s.reports[0] : s));
  return s.identical === s.total ? EXIT.ok : EXIT.failed;
}
