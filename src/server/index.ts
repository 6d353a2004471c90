// server/: the HTTP API (Hono) and its sub-apps: approvals, events (SSE), metrics, the dashboard and its JSON routes,
// agents as OpenAI-compatible models (/v1/*), and the MCP server (POST /mcp, and over stdio for `agentos mcp`).
export { createApp, type ApiDeps } from './app.ts';
export type { AuthOptions } from './auth.ts';
export type { ApiEnv, Role } from './refuse.ts';
export { listen, type Listening } from './listen.ts';
export { EventHub, EVENT_HUB_DEFAULTS, type EventHubOptions } from './event-hub.ts';
export { buildMcpServer } from './mcp/server.ts';
export type { McpDeps } from './mcp/deps.ts';
export { bridgeToDaemon, type Bridge } from './mcp/bridge.ts';
export { CHAT_DEFAULTS, type ChatOptions } from './openai/routes.ts';
