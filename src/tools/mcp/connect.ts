// One connection to one MCP server through the official SDK: stdio (run inside the
// agent's bubblewrap sandbox unless the config says sandbox: false) or Streamable HTTP.
import { AgentOsError } from '../../errors.ts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../../config/index.ts';
import { registerSecret } from '../../telemetry/index.ts';
import type { Limits } from '../policy/policy.ts';
import { sandboxCommand } from '../sandbox/index.ts';
import { sandboxLimits } from '../shell.ts';

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; title?: string };
}

export interface McpConnection {
  server: McpServerConfig;
  client: Client;
  tools: McpToolInfo[];
  /** Last lines the server wrote to stderr, for error messages. */
  stderr: () => string;
  close(): Promise<void>;
}

export class McpConnectError extends AgentOsError<'MCP_CONNECT'> {
  constructor(message: string) {
    super('MCP_CONNECT', message);
  }
}

const VERSION = '0.1.0';

export async function connectMcp(server: McpServerConfig, ctx: { workspace: string; limits: Limits }): Promise<McpConnection> {
  for (const v of [...Object.values(server.env), ...Object.values(server.headers)]) registerSecret(v);
  let transport: Transport;
  let errTail = '';
  if (server.command) {
    const argv = [server.command, ...server.args];
    const params = server.sandbox
      ? { ...sandboxCommand({ workspace: ctx.workspace, argv, limits: sandboxLimits(ctx.limits), env: server.env, readOnly: server.read_only }), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }
      : { command: server.command, args: server.args, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...server.env }, cwd: ctx.workspace };
    const stdio = new StdioClientTransport({ ...params, stderr: 'pipe' });
    stdio.stderr?.on('data', (c: Buffer) => {
      errTail = (errTail + c.toString('utf8')).slice(-2000);
    });
    transport = stdio;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(server.url!), { requestInit: { headers: server.headers } });
  }
  const client = new Client({ name: 'agentos', version: VERSION });
  const timeout = server.timeout_s * 1000;
  try {
    await client.connect(transport, { timeout });
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout });
      tools.push(...(page.tools as McpToolInfo[]));
      cursor = page.nextCursor;
    } while (cursor && tools.length < 1000);
    return { server, client, tools, stderr: () => errTail, close: () => client.close() };
  } catch (e) {
    await client.close().catch(() => {});
    const where = server.command ? `stdio '${server.command}'` : server.url;
    throw new McpConnectError(`MCP server '${server.name}' (${where}) did not start: ${(e as Error).message}${errTail ? `; it said: ${errTail.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
  }
}
