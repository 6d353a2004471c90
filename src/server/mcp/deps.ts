// What the MCP server's tools work with (all in process: the daemon's own runtime), and the small
// helpers every tool shares: results as text, errors as MCP tool errors with a clear message (never
// a server path), and the operator check for tools that change anything.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isExpected } from '../../errors.ts';
import type { Consensus } from '../../iac/index.ts';
import type { Runtime } from '../../kernel/index.ts';
import type { Logger } from '../../telemetry/index.ts';
import type { ApprovalStore } from '../../tools/index.ts';
import type { Role } from '../refuse.ts';
import { scrubPaths } from '../scrub.ts';

export interface McpDeps {
  runtime: Runtime;
  log: Logger;
  /** Pending approvals (the tool runtime's store); absent when the runtime runs without tools. */
  approvals?: ApprovalStore;
  /** Proposals and votes (iac); absent when inter-agent communication is off. */
  consensus?: Consensus;
  /** After a vote accepted a proposal: re-read the shared segments into the retrieval index. */
  segmentsChanged?: () => Promise<void>;
  /** The longest a submit_task may wait for its task (AGENTOS_API_WAIT). */
  waitMs: number;
  /** Aborted when the system stops: waiting tools answer at once (their tasks stay queued). */
  stopping?: AbortSignal;
}

/** Names that become paths or ids (agents, tasks, requests, proposals): no separators, no dot-dot. */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function text(body: string, data?: unknown): CallToolResult {
  return { content: [{ type: 'text', text: body }, ...(data === undefined ? [] : [{ type: 'text' as const, text: JSON.stringify(data, null, 2) }])] };
}

export function json(data: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data, null, 2) }] };
}

export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** Refuses a tool that changes something unless the connection holds the operator token. */
export function needsOperator(role: Role, what: string): CallToolResult | undefined {
  if (role === 'operator') return undefined;
  return toolError(`${what} needs the operator token; this connection uses the read-only token, which may only read (status, memory, approvals, resources)`);
}

/** Runs a tool; an AgentOS error becomes a tool error with its message, anything else is logged. */
export async function guard(deps: McpDeps, tool: string, run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    if (isExpected(err)) return toolError(scrubPaths(err.message, deps.runtime.opts.dataDir));
    deps.log.error({ err, tool }, 'MCP tool failed');
    return toolError(`${tool} failed with an internal error; see the runtime log`);
  }
}
