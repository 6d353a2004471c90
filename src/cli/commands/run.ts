import { openSystem } from '../../compose/index.ts';
import { readRuntimeEnv } from '../../config/index.ts';
import { createLogger, registerEnvSecrets } from '../../telemetry/index.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run every agent of the data directory: watch the queues, act, learn, commit',
  usage: 'agentos run [--data DIR] [--once] [--port N] [--host H] [--no-http]',
  options: { once: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' }, 'no-http': { type: 'boolean' } },
  help: [
    '--once              drain every queue, then exit (1 if a task failed, a queue could not be scanned, or tasks remain)',
    '--port N            HTTP API port (else $AGENTOS_PORT, else 8484; 0 picks a free one)',
    '--host H            HTTP API address (else $AGENTOS_HOST, else 127.0.0.1)',
    '--no-http           do not serve the HTTP API',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  registerEnvSecrets();
  const env = readRuntimeEnv(str(values.data));
  const log = createLogger({ level: env.logLevel });
  const system = await openSystem({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs });
  const { runtime } = system;
  log.info({ data: env.dataDir, agents: [...runtime.workers.keys()], model: env.model.model, provider: env.model.provider }, `AgentOS running with ${runtime.workers.size} agent(s)`);

  if (values.once) {
    await runtime.drain();
    // Read before close: a queue that could not be scanned, or tasks still queued, is not a clean drain.
    const left = await runtime.leftover();
    await system.close();
    const failed = [...runtime.workers.values()].reduce((n, w) => n + w.stats.failed, 0);
    for (const l of left) {
      if (l.scanError) log.error({ agent: l.agent }, `${l.agent}: queue.md could not be scanned: ${l.scanError}`);
      if (l.queued.length) log.warn({ agent: l.agent, tasks: l.queued }, `${l.agent}: ${l.queued.length} task(s) still queued${l.why ? ` (${l.why})` : ''}: ${l.queued.slice(0, 5).join(', ')}${l.queued.length > 5 ? ', …' : ''}`);
    }
    log.info({ failed, left: left.length }, 'queues drained');
    return failed > 0 || left.length > 0 ? EXIT.failed : EXIT.ok;
  }

  if (!values['no-http']) {
    const port = str(values.port) !== undefined ? Number(values.port) : env.port;
    const http = await system.serve(port, str(values.host) ?? env.host);
    log.info(`HTTP API on ${http.url}`);
  }
  runtime.start();
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
