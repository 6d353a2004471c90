// `agentos revert AGENT TASK` and `agentos rewind AGENT --to TASK|COMMIT`: rollback as a new commit
// (kernel/rollback.ts). They open the data directory like `run --once` does, so they refuse (exit 4)
// while a daemon holds it: then the daemon's API does it between two tasks.
import { openSystem } from '../../compose/index.ts';
import { readRuntimeEnv } from '../../config/index.ts';
import { DataDirBusyError, type RollbackReport } from '../../kernel/index.ts';
import { registerEnvSecrets } from '../../telemetry/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { cliLogger } from '../logging.ts';
import { out } from '../output.ts';

const KEPT = 'queue.md, ledger/ and iac/ are never rolled back (intake, spend, messages).';

export const revertSpec: CommandSpec = {
  name: 'revert',
  summary: "undo one task's effects on an agent's mind and workspace, as a new commit",
  usage: 'agentos revert AGENT TASK [--force] [--json] [--data DIR]',
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  help: [
    '--force             files later tasks changed on the same lines go back to before TASK (their later changes are undone too);',
    '                    also goes ahead while tasks wait for a person. Without it such a revert is refused (exit 8) with the files and tasks named.',
    '--json              the report as one JSON object',
    `Refused (exit 4) while a daemon runs on the data directory: POST /agents/AGENT/revert {"task": TASK} instead. ${KEPT}`,
  ],
};

export const rewindSpec: CommandSpec = {
  name: 'rewind',
  summary: "return an agent's mind and workspace to a task or commit, as a new commit (history is kept)",
  usage: 'agentos rewind AGENT --to TASK|COMMIT [--force] [--json] [--data DIR]',
  options: { to: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
  help: [
    '--to TASK|COMMIT    the state to return to: right after task TASK, or commit COMMIT (agentos log AGENT)',
    '--force             go ahead although tasks wait for a person (they resume on the rewound state)',
    '--json              the report as one JSON object',
    `Refused (exit 4) while a daemon runs: POST /agents/AGENT/rewind {"to": ...} instead. queue.md is not rewound: queued tasks stay queued. ${KEPT}`,
  ],
};

async function withRuntime<T>(dataDirOption: string | undefined, what: string, route: string, fn: (rt: Awaited<ReturnType<typeof openSystem>>['runtime']) => Promise<T>): Promise<T> {
  registerEnvSecrets();
  const env = readRuntimeEnv(dataDirOption);
  const log = cliLogger({ ...env, logLevel: env.logLevel === 'info' ? 'warn' : env.logLevel });
  let system: Awaited<ReturnType<typeof openSystem>>;
  try {
    system = await openSystem({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs, judges: false });
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      throw new DataDirBusyError(env.dataDir, e.pid, `it holds the agents, so ${what} goes through its API, which runs it between two tasks: ` +
        `curl -X POST -H "Authorization: Bearer $AGENTOS_API_TOKEN" -H 'Content-Type: application/json' http://HOST:PORT${route} (or stop the daemon first)`);
    }
    throw e;
  }
  try {
    return await fn(system.runtime);
  } finally {
    await system.close();
  }
}

function print(r: RollbackReport, json: boolean): void {
  if (json) {
    out(JSON.stringify(r, null, 2));
    return;
  }
  const changed = r.files.filter((f) => f.action !== 'unchanged');
  out(`${r.agent}: ${r.kind} ${r.target} committed as ${r.commit.slice(0, 12)} (${changed.length} file(s) changed)`);
  for (const f of changed) out(`  ${f.action.padEnd(8)} ${f.path}${f.later.length ? `  (later: ${f.later.join(', ')})` : ''}`);
  if (r.later.length) out(`later tasks touched the same files: ${r.later.join('; ')}`);
  if (r.undone.length) out(`effects undone of: ${r.undone.join(', ')}`);
  if (r.reopened.length) out(`shared segments re-opened: ${r.reopened.join(', ')}`);
  if (r.inexact.length) out(`not restored exactly (workspace caps, links, submodules): ${r.inexact.join(', ')}`);
  out(`not rolled back: queue.md (queued tasks stay queued), ledger/, iac/`);
}

export const revert = {
  spec: revertSpec,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parse(revertSpec, argv);
    const [agent, task, ...rest] = positionals;
    if (!agent || !task || rest.length) throw new UsageError('expected AGENT and TASK', helpText(revertSpec));
    const r = await withRuntime(str(values.data), 'revert', `/agents/${agent}/revert -d '${JSON.stringify({ task, ...(values.force && { force: true }) })}'`, (rt) => rt.revert(agent, task, { force: values.force === true }));
    print(r, values.json === true);
    return EXIT.ok;
  },
};

export const rewind = {
  spec: rewindSpec,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parse(rewindSpec, argv);
    const [agent, ...rest] = positionals;
    const to = str(values.to);
    if (!agent || rest.length || !to) throw new UsageError('expected AGENT and --to TASK|COMMIT', helpText(rewindSpec));
    const r = await withRuntime(str(values.data), 'rewind', `/agents/${agent}/rewind -d '${JSON.stringify({ to, ...(values.force && { force: true }) })}'`, (rt) => rt.rewind(agent, to, { force: values.force === true }));
    print(r, values.json === true);
    return EXIT.ok;
  },
};
