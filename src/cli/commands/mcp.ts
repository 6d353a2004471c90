// `agentos mcp`: AgentOS as an MCP server on stdio, for MCP clients that start a command (Claude
// Desktop, Cursor, the SDK's StdioClientTransport). One runtime owns a data directory, so:
//   - no daemon holds DATA: this process opens it and runs the agents itself while the client is
//     connected (tasks submitted here run here; `agentos run` waits until it ends);
//   - a daemon holds DATA (or --url is given): messages are relayed to that daemon's POST /mcp with
//     the API token, and the daemon answers them.
// Logs go to stderr; stdout carries only MCP messages. It ends when stdin closes or on a signal.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openSystem, type System } from '../../compose/index.ts';
import { readApiReadToken, readRuntimeEnv, type RuntimeEnv } from '../../config/index.ts';
import { AgentOsError, hasCode } from '../../errors.ts';
import { bridgeToDaemon } from '../../server/index.ts';
import { registerEnvSecrets, type Logger } from '../../telemetry/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { cliLogger } from '../logging.ts';
import { listenForStop } from '../signals.ts';
import { apiToken } from './watch.ts';

export const spec: CommandSpec = {
  name: 'mcp',
  summary: 'serve AgentOS to MCP clients on stdio: submit tasks, status, memory, approvals, votes; agents as resources',
  usage: 'agentos mcp [--data DIR] [--url URL] [--token T] [--read-only]',
  options: { url: { type: 'string' }, token: { type: 'string' }, 'read-only': { type: 'boolean' } },
  help: [
    '--url URL           relay to this daemon (else, when a daemon holds DATA: http://$AGENTOS_HOST:$AGENTOS_PORT)',
    '--token T           the API token for relaying (else $AGENTOS_API_TOKEN, else DATA/.agentos/api-token)',
    '--read-only         only the read tools work (status, memory, approvals, resources); relays with the read-only token',
    'No daemon on DATA: this process opens DATA and runs the agents while the client is connected.',
    'A daemon on DATA (`agentos run`): messages are relayed to its POST /mcp, and it answers them.',
    'stdout carries MCP messages only; logs go to stderr. Ends when stdin closes, or on SIGINT/SIGTERM.',
  ],
};

/** Thrown when the daemon cannot be reached or refuses the token (exit 9 or 3). */
class RelayError extends AgentOsError<'UNAVAILABLE' | 'AUTH_INVALID'> {}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  if (positionals.length) throw new UsageError(`unexpected ${positionals.join(' ')}`, helpText(spec));
  registerEnvSecrets();
  const env = readRuntimeEnv(str(values.data));
  const log = cliLogger(env);
  const readOnly = values['read-only'] === true;
  const url = str(values.url);
  if (url) return relay(env, log, url, str(values.token), readOnly);
  let system: System;
  try {
    system = await openSystem({ dataDir: env.dataDir, model: env.model, log, pollIntervalMs: env.pollIntervalMs });
  } catch (err) {
    if (!hasCode(err, 'DATA_DIR_BUSY')) throw err;
    const base = `http://${env.host.includes(':') ? `[${env.host}]` : env.host}:${env.port}`;
    log.info(`a daemon holds ${env.dataDir}: relaying MCP to ${base}/mcp`);
    return relay(env, log, base, str(values.token), readOnly);
  }
  return local(system, log, readOnly, env.api.waitMs);
}

/** This process runs the agents; the MCP server talks to its runtime directly. */
async function local(system: System, log: Logger, readOnly: boolean, waitMs: number): Promise<number> {
  const stop = listenForStop();
  try {
    system.runtime.start();
    const server = system.mcpServer(readOnly ? 'read' : 'operator', waitMs);
    await server.connect(new StdioServerTransport());
    log.info({ agents: [...system.runtime.workers.keys()] }, `MCP server on stdio${readOnly ? ' (read-only)' : ''}; the agents run in this process`);
    await Promise.race([stdinEnded(), stop.received]);
    await server.close().catch(() => {});
    return EXIT.ok;
  } finally {
    stop.dispose();
    await system.close();
  }
}

async function relay(env: RuntimeEnv, log: Logger, url: string, flagToken: string | undefined, readOnly: boolean): Promise<number> {
  const base = url.replace(/\/+$/, '').replace(/\/mcp$/, '');
  if (!URL.canParse(base)) throw new UsageError(`--url ${url}: expected http://host:port`, helpText(spec));
  const token = readOnly ? flagToken ?? readApiReadToken(env.dataDir) : apiToken(flagToken, env.dataDir);
  if (!token) {
    throw new RelayError('AUTH_INVALID', readOnly
      ? 'no read-only token: pass --token, or set AGENTOS_API_READ_TOKEN (or DATA/.agentos/api-read-token)'
      : 'no API token: pass --token, set AGENTOS_API_TOKEN, or run where DATA/.agentos/api-token is readable');
  }
  await checkDaemon(base, token);
  const stop = listenForStop();
  const bridge = await bridgeToDaemon(new URL(`${base}/mcp`), token, { onError: (e) => log.warn({ err: e.message }, 'MCP relay') });
  log.info(`MCP server on stdio, relayed to ${base}/mcp`);
  try {
    await Promise.race([stdinEnded(), stop.received, bridge.closed]);
    return EXIT.ok;
  } finally {
    stop.dispose();
    await bridge.close();
  }
}

/** Fails early, with what to do, when the daemon is not there or refuses the token. */
async function checkDaemon(base: string, token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${base}/agents`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new RelayError('UNAVAILABLE', `cannot reach the AgentOS daemon at ${base} (${(err as Error).message}): start it with \`agentos run\` (HTTP on, not --no-http), pass --url, or stop the daemon so agentos mcp can open the data directory itself`);
  }
  await res.body?.cancel();
  if (res.status === 401 || res.status === 400) throw new RelayError('AUTH_INVALID', `the daemon at ${base} refused the API token (${res.status}): pass --token, set AGENTOS_API_TOKEN, or run where DATA/.agentos/api-token is readable`);
  if (!res.ok) throw new RelayError('UNAVAILABLE', `the daemon at ${base} answered ${res.status} to GET /agents; is it an AgentOS daemon?`);
}

function stdinEnded(): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdin.readableEnded) return resolve();
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
}
