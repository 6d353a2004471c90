// Prometheus metrics: the shape other modules use. prom-client itself is loaded only when
// createMetrics() is called (prom-metrics.ts), so importing telemetry/ for logs costs nothing.
// Counters and histograms follow runtime events; gauges are set from a snapshot at scrape time.
// Labels are bounded sets (agent, tier, model, tool, outcome, result, status) — never task ids.
import type { RuntimeEvent } from '../kernel/index.ts';

/** What the runtime looks like right now, computed when Prometheus scrapes. */
export interface GaugeSnapshot {
  agents: {
    name: string;
    queued: number;
    busy: boolean;
    paused: boolean;
    deadLetters: number;
    approvalsWaiting: number;
    /** World records by kind (entity, relation) and status (hypothesis, confirmed). */
    world: { kind: string; status: string; count: number }[];
    spentUsdToday: number;
    tokensToday: number;
    budgetUsdDaily: number | null;
    budgetTokensDaily: number | null;
  }[];
  /** One entry per provider endpoint (provider and host, no path or credentials). */
  breakers: { endpoint: string; state: string }[];
  proposals: { status: string; count: number }[];
  sseClients?: number;
}

export interface Metrics {
  /** Counts one runtime event; never throws. */
  observe(e: RuntimeEvent): void;
  /** Observes every event of an emitter; returns the unsubscribe. */
  follow(events: { on(ev: 'event', fn: (e: RuntimeEvent) => void): unknown; off(ev: 'event', fn: (e: RuntimeEvent) => void): unknown }): () => void;
  /** The exposition text, with gauges from `snapshot` when given. */
  render(snapshot?: GaugeSnapshot): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

export async function createMetrics(opts: MetricsOptions = {}): Promise<Metrics> {
  const { PromMetrics } = await import('./prom-metrics.ts');
  return new PromMetrics(opts);
}
