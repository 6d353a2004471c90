// server/: the HTTP API (Hono) and its sub-apps: approvals, events (SSE), metrics, the dashboard and its JSON routes.
export { createApp, type ApiDeps } from './app.ts';
export type { AuthOptions } from './auth.ts';
export type { ApiEnv, Role } from './refuse.ts';
export { listen, type Listening } from './listen.ts';
export { EventHub, EVENT_HUB_DEFAULTS, type EventHubOptions } from './event-hub.ts';
