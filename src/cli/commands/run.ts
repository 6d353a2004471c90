import { clusterOptions } from '../../cluster/index.ts';
// `agentos run`: every agent of the data directory in one process, as a daemon or, with --once,
// until the queues are drained. SIGINT and SIGTERM stop it cleanly in both modes.
import { openSystem, type System } from '../../compose/index.ts';
import { checkBind, loadApiTokens, readRuntimeEnv, type ApiTokens, type RuntimeEnv } from '../../config/index.ts';
import { registerEnvSecrets, type Logger } from '../../telemetry/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { cliLogger } from '../logging.ts';
import { listenForStop, signalExitCode, type StopSignals } from '../signals.ts';

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run every agent of the data directory: watch the queues, act, learn, commit',
  usage: 'agentos run [--data DIR] [--once] [--port N] [--host H] [--no-http] [--redis URL [--remote DIR|URL] [--approvals DIR]]',
  options: {
    once: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' }, 'no-http': { type: 'boolean' },
    redis: { type: 'string' }, remote: { type: 'string' }, approvals: { type: 'string' },
  },
  help: [
    '--once              drain every queue, then exit (1 if a task failed, a queue could not be scanned, or tasks remain; 130/143 when stopped by SIGINT/SIGTERM first)',
    '--port N            HTTP API port (else $AGENTOS_PORT, else 8484; 0 picks a free one)',
    '--host H            HTTP API address (else $AGENTOS_HOST, else 127.0.0.1)',
    '--no-http           do not serve the HTTP API',
    'Ctrl-C or SIGTERM stops cleanly: the task in flight stays queued and runs again on the next start.',
    'Logs go to stderr: readable on a terminal, JSON lines otherwise (LOG_FORMAT=json|pretty, LOG_LEVEL=debug|info|warn|error).',
    '--redis URL         be a cluster worker: take tasks from BullMQ on this Redis (else $REDIS_URL)',
    '--remote DIR|URL    the git remote every worker shares (agents.yaml, agents/<name>.git, shared.git);',
    '                    --data is then this worker\'s own clones of it',
    '--approvals DIR     approvals every worker shares (default REMOTE/approvals for a directory remote)',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  const port = portOption(str(values.port));
  registerEnvSecrets();
  const env = readRuntimeEnv(str(values.data));
  const log = cliLogger(env);
  const serving = !values.once && !values['no-http'];
  const host = str(values.host) ?? env.host;
  // Before anything opens: beyond loopback only with a token the operator chose (exit 3).
  if (serving) checkBind(host, env.api.token, env.api.allowGeneratedToken);
  let tokens: ApiTokens | undefined;
  // Read (or generated on first start) only once the data directory has opened, and only to serve.
  const api = () => {
    tokens ??= loadApiTokens(env.dataDir);
    return { auth: { token: tokens.token, readToken: tokens.readToken }, maxBodyBytes: env.api.maxBodyBytes, origins: env.api.origins, reach: { waitMs: env.api.waitMs, historyChars: env.api.chatHistoryChars } };
  };
  const redis = str(values.redis) ?? process.env.REDIS_URL;
  if (!redis && (values.remote || values.approvals)) throw new UsageError('--remote and --approvals make sense only for a cluster worker: add --redis URL', helpText(spec));
  if (redis && values.once) throw new UsageError('--once drains queue.md in one process; a cluster worker runs until stopped (drop --once or --redis)', helpText(spec));
  const cluster = redis ? clusterOptions({ redis, remote: str(values.remote), approvals: str(values.approvals) }) : undefined;
  const stop = listenForStop({ onFirst: (s) => log.info(`${s}: finishing up (the task in flight stays queued; Ctrl-C again quits at once)`) });
  let system: System | undefined;
  try {
    system = await openSystem({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs, observe: env, cluster, ...(serving && { api }) });
    const { runtime } = system;
    log.info({ data: env.dataDir, agents: [...runtime.workers.keys()], model: env.model.model, provider: env.model.provider }, `AgentOS running with ${runtime.workers.size} agent(s)`);
    warnAboutMissingKey(env, log);
    const code = values.once ? await once(system, stop, log) : await daemon(system, stop, log, serving ? { port: port ?? env.port, host, tokens: () => tokens } : undefined);
    await system.close();
    if (!values.once) log.info('stopped cleanly');
    return code;
  } finally {
    stop.dispose();
    await system?.close(); // after a failure (a port in use…): release the data-dir lock all the same
  }
}

/** --once: drain, or stop at the first signal (the task in flight stays queued). */
async function once(system: System, stop: StopSignals, log: Logger): Promise<number> {
  const { runtime } = system;
  const signal = stop.signal ?? (await Promise.race([runtime.drain().then(() => undefined), stop.received]));
  if (signal) {
    log.info(`${signal}: stopped before the queues were drained`);
    return signalExitCode(signal);
  }
  // Read before close: a queue that could not be scanned, or tasks still queued, is not a clean drain.
  const left = await runtime.leftover();
  const failed = [...runtime.workers.values()].reduce((n, w) => n + w.stats.failed, 0);
  for (const l of left) {
    if (l.scanError) log.error({ agent: l.agent }, `${l.agent}: queue.md could not be scanned: ${l.scanError}`);
    if (l.queued.length) log.warn({ agent: l.agent, tasks: l.queued }, `${l.agent}: ${l.queued.length} task(s) still queued${l.why ? ` (${l.why})` : ''}: ${l.queued.slice(0, 5).join(', ')}${l.queued.length > 5 ? ', …' : ''}`);
  }
  log.info({ failed, left: left.length }, 'queues drained');
  return failed > 0 || left.length > 0 ? EXIT.failed : EXIT.ok;
}

async function daemon(system: System, stop: StopSignals, log: Logger, http?: { port: number; host: string; tokens: () => ApiTokens | undefined }): Promise<number> {
  if (stop.signal) return EXIT.ok;
  if (http) {
    const listening = await system.serve(http.port, http.host);
    const tokens = http.tokens();
    // Where the token is, never the token itself.
    const where = tokens?.source === 'env' ? '$AGENTOS_API_TOKEN' : `${tokens?.file}${tokens?.source === 'generated' ? ' (generated now)' : ''}`;
    log.info(`HTTP API on ${listening.url}; send Authorization: Bearer <token>, the token is in ${where}${tokens?.readToken ? ' (and a read-only token is set)' : ''}`);
  }
  await system.runtime.start();
  await stop.received;
  return EXIT.ok;
}

function portOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || n > 65535) throw new UsageError(`--port ${raw}: expected a whole number from 0 to 65535`, helpText(spec));
  return n;
}

/** The default endpoints need a key: say so at start, not as a dead letter per task. */
function warnAboutMissingKey(env: RuntimeEnv, log: Logger): void {
  if (env.model.apiKey || !/^https:\/\/api\.(openai|anthropic)\.com\//.test(env.model.baseURL)) return;
  log.warn(`LLM_API_KEY is not set and LLM_BASE_URL is ${env.model.baseURL}, which needs one: tasks sent to it will fail. ` +
    'Set LLM_API_KEY, or point LLM_BASE_URL at a local server (Ollama: http://localhost:11434/v1)');
}
