// The MCP connections of one agent, opened on first use and kept for the runtime's life.
// A server that fails to start costs only its own tools; the failure is reported.
import type { McpServerConfig } from '../../config/index.ts';
import type { Limits } from '../policy/policy.ts';
import type { ToolDef } from '../registry.ts';
import { connectMcp, type McpConnection } from './connect.ts';
import { mcpDefs } from './mcp-tools.ts';

export class McpHub {
  readonly #servers: McpServerConfig[];
  readonly #ctx: { workspace: string; limits: Limits };
  #conns: Promise<{ conns: McpConnection[]; problems: string[] }> | undefined;

  constructor(servers: McpServerConfig[], ctx: { workspace: string; limits: Limits }) {
    this.#servers = servers;
    this.#ctx = ctx;
  }

  async #connectAll() {
    const conns: McpConnection[] = [];
    const problems: string[] = [];
    for (const s of this.#servers) {
      try {
        conns.push(await connectMcp(s, this.#ctx));
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    return { conns, problems };
  }

  /** Tool definitions of every connected server, and why any server is missing. */
  async defs(): Promise<{ defs: ToolDef[]; problems: string[] }> {
    if (this.#servers.length === 0) return { defs: [], problems: [] };
    this.#conns ??= this.#connectAll();
    const { conns, problems } = await this.#conns;
    return { defs: conns.flatMap(mcpDefs), problems };
  }

  async close(): Promise<void> {
    if (!this.#conns) return;
    const { conns } = await this.#conns;
    this.#conns = undefined;
    await Promise.all(conns.map((c) => c.close().catch(() => {})));
  }
}
