// The tool runtime of a data directory: the capability authority (key from the secret
// file or the environment), the approvals store, and each agent's MCP connections.
// `run` builds one and hands `forAgent` to the kernel; `agentos tool` uses one directly.
import path from 'node:path';
import type { AgentConfig } from '../config/index.ts';
import { ApprovalStore } from './approvals/index.ts';
import { AgentTools } from './agent-tools.ts';
import { McpHub } from './mcp/index.ts';
import { CapabilityAuthority } from './policy/capability.ts';
import { loadCapabilityKey } from './policy/capability-key.ts';
import { resolvePolicy } from './policy/policy.ts';

export interface ToolRuntimeOptions {
  dataDir: string;
  /** Test-only: http_fetch may reach loopback addresses. */
  allowLoopbackFetch?: boolean;
  /** Extra host paths every sandbox may read. */
  sandboxReadOnly?: string[];
  now?: () => Date;
  onProblem?: (message: string) => void;
}

export class ToolRuntime {
  readonly authority: CapabilityAuthority;
  readonly store: ApprovalStore;
  readonly #o: ToolRuntimeOptions;
  readonly #agents = new Map<string, AgentTools>();
  readonly #hubs = new Map<string, McpHub>();

  constructor(o: ToolRuntimeOptions) {
    this.#o = o;
    this.authority = new CapabilityAuthority(loadCapabilityKey(o.dataDir));
    this.store = new ApprovalStore(o.dataDir, o.onProblem);
  }

  forAgent(config: AgentConfig): AgentTools {
    let a = this.#agents.get(config.name);
    if (a) return a;
    const workspace = path.join(path.resolve(this.#o.dataDir), 'agents', config.name, 'workspace');
    const hub = new McpHub(config.toolPolicy?.mcp_servers ?? [], { workspace, limits: resolvePolicy(config).limits });
    this.#hubs.set(config.name, hub);
    a = new AgentTools(config, { dataDir: this.#o.dataDir, authority: this.authority, store: this.store, hub, allowLoopbackFetch: this.#o.allowLoopbackFetch, sandboxReadOnly: this.#o.sandboxReadOnly, now: this.#o.now, onProblem: this.#o.onProblem });
    this.#agents.set(config.name, a);
    return a;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#hubs.values()].map((h) => h.close()));
    this.#hubs.clear();
    this.#agents.clear();
  }
}
