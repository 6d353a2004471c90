// A daemon as `agentos run` serves it, for the observability tests: the tool runtime, metrics
// following the events, the SSE hub, the HTTP API on a real port behind the API's own bearer-token
// guard (every route but GET /, /ui/* and /healthz needs the token).
import { randomBytes } from 'node:crypto';
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

export async function startObserved(dir: string, script: Script, hubOpts: Partial<EventHubOptions> = {}): Promise<Observed> {
  const daemon = await startDaemon(dir, script);
  const metrics = await createMetrics();
  const unfollow = metrics.follow(daemon.runtime.events);
  const hub = new EventHub(daemon.runtime.events, hubOpts);
  const token = randomBytes(16).toString('hex');
  const app = createApp({
    runtime: daemon.runtime, status: (n) => agentStatus(dir, daemon.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger(),
    approvals: daemon.tools.store, metrics, eventHub: hub, auth: { token },
  });
  const http: Listening = await listen(app, 0, '127.0.0.1');
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
