// The daemon's HTTP API (Hono): submit tasks, read agents, health. Bad bodies get a
// 4xx with a message that says what to change.
import { Hono, type Context } from 'hono';
import { describeZodError, newTask, TaskInput, UnknownAgentError, type AgentStatus, type Runtime } from '../kernel/index.ts';
import { DuplicateTaskError } from '../store/index.ts';
import { NoAgentError, PlanError, QueueFullError } from '../iac/index.ts';
import type { Logger, Metrics } from '../telemetry/index.ts';
import type { ApprovalStore } from '../tools/index.ts';
import { approvalsRoutes } from './approvals-routes.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import { EventHub } from './event-hub.ts';
import { eventsRoutes } from './events-routes.ts';
import { metricsRoute } from './metrics-route.ts';
import { webRoutes } from './web-routes.ts';

export interface ApiDeps {
  runtime: Runtime;
  status: (name: string) => Promise<AgentStatus>;
  startedAt: number;
  log: Logger;
  /** Pending approvals of paused tasks (routes /approvals…). */
  approvals?: ApprovalStore;
  /** Prometheus metrics (telemetry's createMetrics, following runtime.events): GET /metrics. */
  metrics?: Metrics;
  /** The SSE hub behind GET /events (made with the defaults when absent). */
  eventHub?: EventHub;
  /** Serve the dashboard at / and /ui/* (default true). */
  dashboard?: boolean;
}

export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();
  const { runtime } = deps;

  app.get('/healthz', (c) =>
    c.json({ status: 'ok', agents: runtime.workers.size, uptime_s: Math.round((Date.now() - deps.startedAt) / 1000) }),
  );

  app.get('/agents', (c) =>
    c.json({
      agents: [...runtime.workers.values()].map((w) => ({
        name: w.name,
        domain: w.ctx.config.domain,
        busy: w.busy,
        ...w.stats,
        paused: w.paused ?? null,
      })),
    }),
  );

  app.get('/agents/:name', async (c) => {
    const w = runtime.worker(c.req.param('name'));
    return c.json({ ...(await deps.status(w.name)), busy: w.busy, stats: w.stats, paused: w.paused ?? null });
  });

  app.post('/agents/:name/tasks', async (c) => {
    const name = c.req.param('name');
    runtime.worker(name); // 404 before reading the body
    const read = await readTask(c);
    if (read instanceof Response) return read;
    const { task } = read;
    await runtime.enqueue(name, task);
    return c.json({ id: task.id, agent: name, priority: task.priority, created: task.created }, 201);
  });

  if (deps.approvals) app.route('/', approvalsRoutes(deps.approvals, runtime));
  const hub = deps.eventHub ?? new EventHub(runtime.events);
  app.route('/', eventsRoutes(hub, () => [...runtime.workers.keys()]));
  if (deps.metrics) app.route('/', metricsRoute(deps.metrics, runtime, deps.approvals, hub));
  app.route('/', dashboardRoutes(runtime));
  if (deps.dashboard !== false) app.route('/', webRoutes());
  // A task without an agent: dispatch picks one by agent card (iac/dispatch.ts).
  app.post('/tasks', async (c) => {
    const read = await readTask(c);
    if (read instanceof Response) return read;
    const { task, input } = read;
    if (input.plan) {
      const planned = await runtime.plan(task);
      return c.json({ id: task.id, planned: true, levels: planned.levels, tasks: planned.tasks }, 201);
    }
    const { agent, why } = await runtime.dispatch(task);
    return c.json({ id: task.id, agent, why, priority: task.priority, created: task.created }, 201);
  });

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof UnknownAgentError) return c.json({ error: err.message }, 404);
    if (err instanceof DuplicateTaskError) return c.json({ error: err.message }, 409);
    // Backpressure: refused, not dropped; the client retries after the given time.
    if (err instanceof QueueFullError) return c.json({ error: err.message, retry_after_s: err.retryAfterSeconds }, 429, { 'Retry-After': String(err.retryAfterSeconds) });
    if (err instanceof PlanError) return c.json({ error: err.message }, 422);
    if (err instanceof NoAgentError) return c.json({ error: err.message }, 503, { 'Retry-After': '30' });
    deps.log.error({ err, path: c.req.path }, 'API request failed');
    return c.json({ error: 'internal error; see the runtime log' }, 500);
  });
  return app;
}

/** The request body as a task, or the 400 that says what to change. */
async function readTask(c: Context): Promise<{ input: TaskInput; task: ReturnType<typeof newTask> } | Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: 'body is not valid JSON; send {"task": "..."} with Content-Type: application/json' }, 400);
  }
  const parsed = TaskInput.safeParse(body);
  if (!parsed.success) return c.json({ error: `invalid task: ${describeZodError(parsed.error)}` }, 400);
  return { input: parsed.data, task: newTask(parsed.data) };
}
