// Public face of the MCP tier.
export { McpHub } from './hub.ts';
export { connectMcp, McpConnectError, type McpConnection, type McpToolInfo } from './connect.ts';
export { mcpDefs, mcpToolName, annotationsOf } from './mcp-tools.ts';
