import { openSystem } from '../../compose/index.ts';
import { checkBind, loadApiTokens, readRuntimeEnv, type ApiTokens } from '../../config/index.ts';
import { createLogger, registerEnvSecrets } from '../../telemetry/index.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';

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
  const serving = !values.once && !values['no-http'];
  const host = str(values.host) ?? env.host;
  // Before anything opens: beyond loopback only with a token the operator chose (exit 3).
  if (serving) checkBind(host, env.api.token, env.api.allowGeneratedToken);
  let tokens: ApiTokens | undefined;
  // Read (or generated on first start) only once the data directory has opened, and only to serve.
  const api = () => {
    tokens ??= loadApiTokens(env.dataDir);
    return { auth: { token: tokens.token, readToken: tokens.readToken }, maxBodyBytes: env.api.maxBodyBytes, origins: env.api.origins };
  };
  const system = await openSystem({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs, ...(serving && { api }) });
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
    const http = await system.serve(port, host);
    // Where the token is, never the token itself.
    const where = tokens?.source === 'env' ? '$AGENTOS_API_TOKEN' : `${tokens?.file}${tokens?.source === 'generated' ? ' (generated now)' : ''}`;
    log.info(`HTTP API on ${http.url}; send Authorization: Bearer <token>, the token is in ${where}${tokens?.readToken ? ' (and a read-only token is set)' : ''}`);
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
