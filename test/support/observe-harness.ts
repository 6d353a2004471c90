// A daemon as `agentos run` serves it, for the observability tests: the tool runtime, metrics
// following the events, the SSE hub, the HTTP API on a real port — behind a bearer-token guard
// like the hardened API's (every route but GET /, /ui/* and /healthz needs the token).
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { agentStatus } from '../../src/kernel/index.ts';
import type { Script } from '../../src/models/index.ts';
import { createApp, EventHub, listen, type EventHubOptions, type Listening } from '../../src/server/index.ts';
import { createMetrics, silentLogger, type Metrics } from '../../src/telemetry/index.ts';
import { startDaemon, type Daemon } from './act-harness.ts';

export interface Observed {
  daemon: Daemon;
  url: string;
  token: string;
  metrics: Metrics;
  hub: EventHub;
  /** fetch against the daemon with the token. */
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export function guarded(app: Hono, token: string): Hono {
  const outer = new Hono();
  outer.use('*', async (c, next) => {
    const open = c.req.method === 'GET' && (c.req.path === '/' || c.req.path.startsWith('/ui/') || c.req.path === '/healthz');
    if (!open && c.req.header('Authorization') !== `Bearer ${token}`) return c.json({ error: 'send Authorization: Bearer <token>' }, 401);
    return next();
  });
  outer.route('/', app);
  return outer;
}

export async function startObserved(dir: string, script: Script, hubOpts: Partial<EventHubOptions> = {}): Promise<Observed> {
  const daemon = await startDaemon(dir, script);
  const metrics = await createMetrics();
  const unfollow = metrics.follow(daemon.runtime.events);
  const hub = new EventHub(daemon.runtime.events, hubOpts);
  const token = randomBytes(16).toString('hex');
  const app = createApp({
    runtime: daemon.runtime, status: (n) => agentStatus(dir, daemon.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger(),
    approvals: daemon.tools.store, metrics, eventHub: hub,
  });
  const http: Listening = await listen(guarded(app, token), 0, '127.0.0.1');
  return {
    daemon, url: http.url, token, metrics, hub,
    get: (path, init = {}) => fetch(`${http.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } }),
    close: async () => {
      hub.close();
      unfollow();
      await http.close();
      await daemon.stop();
    },
  };
}
