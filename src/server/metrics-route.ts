// GET /metrics: Prometheus exposition format (prom-client). Counters and histograms come from
// runtime events as they happen; gauges are read at scrape time (gauges.ts).
import { Hono } from 'hono';
import type { Runtime } from '../kernel/index.ts';
import type { Metrics } from '../telemetry/index.ts';
import type { ApprovalStore } from '../tools/index.ts';
import type { Consensus } from '../iac/index.ts';
import type { EventHub } from './event-hub.ts';
import { gaugeSnapshot } from './gauges.ts';

export function metricsRoute(metrics: Metrics, runtime: Runtime, approvals?: ApprovalStore, hub?: EventHub, consensus?: Consensus): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const text = await metrics.render(await gaugeSnapshot(runtime, approvals, hub?.size, consensus));
    return c.body(text, 200, { 'Content-Type': metrics.contentType });
  });
  return app;
}
