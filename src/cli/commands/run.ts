import { clusterOptions } from '../../cluster/index.ts';
import { openSystem } from '../../compose/index.ts';
import { readRuntimeEnv } from '../../config/index.ts';
import { createLogger, registerEnvSecrets } from '../../telemetry/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run every agent of the data directory: watch the queues, act, learn, commit',
  usage: 'agentos run [--data DIR] [--once] [--port N] [--host H] [--no-http] [--redis URL [--remote DIR|URL] [--approvals DIR]]',
  options: {
    once: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' }, 'no-http': { type: 'boolean' },
    redis: { type: 'string' }, remote: { type: 'string' }, approvals: { type: 'string' },
  },
  help: [
    '--once              drain every queue, then exit (non-zero if any task failed)',
    '--port N            HTTP API port (else $AGENTOS_PORT, else 8484; 0 picks a free one)',
    '--host H            HTTP API address (else $AGENTOS_HOST, else 127.0.0.1)',
    '--no-http           do not serve the HTTP API',
    '--redis URL         be a cluster worker: take tasks from BullMQ on this Redis (else $REDIS_URL)',
    '--remote DIR|URL    the git remote every worker shares (agents.yaml, agents/<name>.git, shared.git);',
    '                    --data is then this worker\'s own clones of it',
    '--approvals DIR     approvals every worker shares (default REMOTE/approvals for a directory remote)',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  registerEnvSecrets();
  const env = readRuntimeEnv(str(values.data));
  const log = createLogger({ level: env.logLevel });
  const redis = str(values.redis) ?? process.env.REDIS_URL;
  if (!redis && (values.remote || values.approvals)) throw new UsageError('--remote and --approvals make sense only for a cluster worker: add --redis URL', helpText(spec));
  if (redis && values.once) throw new UsageError('--once drains queue.md in one process; a cluster worker runs until stopped (drop --once or --redis)', helpText(spec));
  const cluster = redis ? clusterOptions({ redis, remote: str(values.remote), approvals: str(values.approvals) }) : undefined;
  const system = await openSystem({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs, cluster });
  const { runtime } = system;
  log.info({ data: env.dataDir, agents: [...runtime.workers.keys()], model: env.model.model, provider: env.model.provider }, `AgentOS running with ${runtime.workers.size} agent(s)`);

  if (values.once) {
    await runtime.drain();
    await system.close();
    const failed = [...runtime.workers.values()].reduce((n, w) => n + w.stats.failed, 0);
    log.info({ failed }, 'queues drained');
    return failed > 0 ? EXIT.failed : EXIT.ok;
  }

  if (!values['no-http']) {
    const port = str(values.port) !== undefined ? Number(values.port) : env.port;
    const http = await system.serve(port, str(values.host) ?? env.host);
    log.info(`HTTP API on ${http.url}`);
  }
  await runtime.start();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info(`${signal}: finishing up`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await system.close();
  log.info('stopped cleanly');
  return EXIT.ok;
}
