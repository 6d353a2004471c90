import { readRuntimeEnv } from '../../config/index.ts';
import { agentStatus, Runtime } from '../../kernel/index.ts';
import { createApp, listen, type Listening } from '../../server/index.ts';
import { createLogger, registerEnvSecrets } from '../../telemetry/index.ts';
import { ToolRuntime } from '../../tools/index.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';
import { startObservability } from '../observability.ts';

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run every agent of the data directory: watch the queues, act, learn, commit',
  usage: 'agentos run [--data DIR] [--once] [--port N] [--host H] [--no-http]',
  options: { once: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' }, 'no-http': { type: 'boolean' } },
  help: [
    '--once              drain every queue, then exit (non-zero if any task failed)',
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
  const toolRuntime = new ToolRuntime({ dataDir: env.dataDir, onProblem: (m) => log.warn(m) });
  const observe = await startObservability(env, log);
  const runtime = await Runtime.open({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs, act: (agent) => toolRuntime.forAgent(agent), ...observe.runtimeOptions });
  log.info({ data: env.dataDir, agents: [...runtime.workers.keys()], model: env.model.model, provider: env.model.provider }, `AgentOS running with ${runtime.workers.size} agent(s)`);

  if (values.once) {
    await runtime.drain();
    await runtime.stop();
    await toolRuntime.close();
    await observe.close();
    const failed = [...runtime.workers.values()].reduce((n, w) => n + w.stats.failed, 0);
    log.info({ failed }, 'queues drained');
    return failed > 0 ? EXIT.failed : EXIT.ok;
  }

  let http: Listening | undefined;
  if (!values['no-http']) {
    const app = createApp({ runtime, status: (name) => agentStatus(env.dataDir, runtime.worker(name).ctx.config), startedAt: Date.now(), log, approvals: toolRuntime.store, ...(await observe.attach(runtime)) });
    const port = str(values.port) !== undefined ? Number(values.port) : env.port;
    http = await listen(app, port, str(values.host) ?? env.host);
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
  observe.closeStreams();
  await http?.close();
  await runtime.stop();
  await toolRuntime.close();
  await observe.close();
  log.info('stopped cleanly');
  return EXIT.ok;
}
