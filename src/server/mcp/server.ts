// AgentOS as an MCP server (the official SDK): one McpServer over the daemon's runtime, with the
// tools (tools-read.ts, tools-write.ts) and resources (resources.ts). It is built per connection
// with the caller's role: over HTTP from the bearer token, over stdio the operator's.
import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Role } from '../refuse.ts';
import type { McpDeps } from './deps.ts';
import { registerReadTools } from './tools-read.ts';
import { registerResources } from './resources.ts';
import { registerWriteTools } from './tools-write.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const INSTRUCTIONS = [
  'AgentOS runs self-learning agents whose mind is Markdown in git.',
  'get_status lists the agents; submit_task gives one a task (wait_seconds waits for the answer);',
  'search_memory and the agentos:// resources read what an agent learned; list_approvals and decide_approval handle what waits for a person;',
  'vote_proposal votes on shared proposals. Tools that change anything need the operator token.',
].join(' ');

export function buildMcpServer(deps: McpDeps, role: Role): McpServer {
  const server = new McpServer({ name: 'agentos', version: VERSION }, { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });
  registerReadTools(server, deps);
  registerWriteTools(server, deps, role);
  registerResources(server, deps.runtime);
  return server;
}
