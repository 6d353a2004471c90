// The daemon's HTTP API (Hono): submit tasks, read agents, health. Every request passes the
// guards first (origin, bearer token, JSON writes, body size: refused before any handler reads
// it); bad bodies get a 4xx with a message that says what to change, as {"error", "code"}.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { hasCode, httpStatusOf, isExpected } from '../errors.ts';
import { describeZodError, newTask, TaskInput, type AgentStatus, type Runtime } from '../kernel/index.ts';
import { QueueFullError, type Consensus } from '../iac/index.ts';
import { registerSecret, type Logger, type Metrics } from '../telemetry/index.ts';
import type { ApprovalStore } from '../tools/index.ts';
import { approvalsRoutes } from './approvals-routes.ts';
import { rollbackRoutes } from './rollback-routes.ts';
import { buildMcpServer } from './mcp/server.ts';
import { MCP_PATH, mcpRoutes } from './mcp/route.ts';
import { isOpenAiPath } from './openai/errors.ts';
import { CHAT_DEFAULTS, openaiRoutes, type ChatOptions } from './openai/routes.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import { EventHub } from './event-hub.ts';
import { eventsRoutes } from './events-routes.ts';
import { metricsRoute } from './metrics-route.ts';
import { webRoutes, WEB_PUBLIC_PATHS } from './web-routes.ts';
import { commandIn, maySubmitCommands, requireAuth, type AuthOptions } from './auth.ts';
import { jsonWrites, limitBody, sameOrigin } from './guards.ts';
import { refuse, type ApiEnv } from './refuse.ts';
import { scrubPaths } from './scrub.ts';

/** Default cap on a request body: 1 MiB (AGENTOS_API_MAX_BODY). */
export const DEFAULT_MAX_BODY = 1024 * 1024;

export interface ApiDeps {
  runtime: Runtime;
  status: (name: string) => Promise<AgentStatus>;
  startedAt: number;
  log: Logger;
  /** Pending approvals of paused tasks (routes /approvals…). */
  approvals?: ApprovalStore;
  /** Tokens and public paths (auth.ts). Required: the API is never served without a token. */
  auth: AuthOptions;
  /** Bytes a request body may have (default 1 MiB). */
  maxBodyBytes?: number;
  /** Web origins allowed besides the server's own (a reverse proxy's public origin). */
  origins?: readonly string[];
  /** Prometheus metrics (telemetry's createMetrics, following runtime.events): GET /metrics. */
  metrics?: Metrics;
  /** The SSE hub behind GET /events (made with the defaults when absent). */
  eventHub?: EventHub;
  /** Proposals and segments (iac's consensus) for /proposals and the metrics, when iac runs. */
  consensus?: Consensus;
  /** Serve the dashboard at / and /ui/* (default true). */
  dashboard?: boolean;
  /** /v1/chat/completions and MCP submit_task: how long they wait for a task, the chat history carried (CHAT_DEFAULTS). */
  reach?: Partial<ChatOptions>;
  /** Aborted when the system stops: requests waiting for a task answer at once (the task stays queued). */
  stopping?: AbortSignal;
  /** After an MCP vote accepted a proposal: re-read the shared segments into the index (iac). */
  segmentsChanged?: () => Promise<void>;
}

export function createApp(deps: ApiDeps): Hono<ApiEnv> {
  if (!deps.auth) throw new Error('createApp: auth is required (auth.token: the operator token); the API never runs without one');
  registerSecret(deps.auth.token);
  registerSecret(deps.auth.readToken);
  const app = new Hono<ApiEnv>();
  const { runtime } = deps;
  // Order matters: the cheapest refusal first, and all of them before a body is read.
  app.use('*', sameOrigin(deps.origins));
  // The dashboard's shell is public (no data in it); everything it then fetches needs the token.
  const auth = deps.dashboard === false ? deps.auth : { ...deps.auth, publicPaths: [...(deps.auth.publicPaths ?? []), ...WEB_PUBLIC_PATHS] };
  // POST /mcp takes the read-only token too: its tools refuse it what would change anything.
  app.use('*', requireAuth({ ...auth, roleCheckedPaths: [MCP_PATH] }));
  app.use('*', jsonWrites());
  app.use('*', limitBody(deps.maxBodyBytes ?? DEFAULT_MAX_BODY));

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
  app.route('/', rollbackRoutes(runtime));
  const hub = deps.eventHub ?? new EventHub(runtime.events);
  app.route('/', eventsRoutes(hub, () => [...runtime.workers.keys()]));
  if (deps.metrics) app.route('/', metricsRoute(deps.metrics, runtime, deps.approvals, hub, deps.consensus));
  app.route('/', dashboardRoutes(runtime, deps.consensus, deps.approvals));
  if (deps.dashboard !== false) app.route('/', webRoutes());
  // Agents as OpenAI-compatible models, and AgentOS as an MCP server.
  const reach = { ...CHAT_DEFAULTS, ...deps.reach };
  app.route('/', openaiRoutes({ runtime, log: deps.log, approvals: deps.approvals, options: reach, stopping: deps.stopping, startedAt: deps.startedAt }));
  const mcpDeps = { runtime, log: deps.log, approvals: deps.approvals, consensus: deps.consensus, segmentsChanged: deps.segmentsChanged, waitMs: reach.waitMs, stopping: deps.stopping };
  app.route('/', mcpRoutes((role) => buildMcpServer(mcpDeps, role)));
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

  app.notFound((c) => refuse(c, 404, 'NO_ROUTE', `no route ${c.req.method} ${c.req.path.slice(0, 200)}`));
  app.onError((err, c) => {
    // The guards' refusals and Hono's own keep their status and headers.
    if (err instanceof HTTPException) return err.getResponse();
    if (!isExpected(err)) {
      deps.log.error({ err, path: c.req.path }, 'API request failed');
      return refuse(c, 500, 'INTERNAL', 'internal error; see the runtime log');
    }
    const status = httpStatusOf(err);
    // No absolute server path in an answer: the data directory reads DATA.
    const error = scrubPaths(err.message, runtime.opts.dataDir);
    // Backpressure: refused, not dropped; the client retries after the given time.
    if (err instanceof QueueFullError && !isOpenAiPath(c.req.path)) return c.json({ error, code: err.code, retry_after_s: err.retryAfterSeconds }, status as 429, { 'Retry-After': String(err.retryAfterSeconds) });
    if (err instanceof QueueFullError) return refuse(c, status, err.code, error, { 'Retry-After': String(err.retryAfterSeconds) });
    return refuse(c, status, err.code, error, hasCode(err, 'NO_AGENT') ? { 'Retry-After': '30' } : {});
  });
  return app;
}

/** The request body as a task, or the 400 (403 for a command without the operator token) that says what to change. */
async function readTask(c: Context<ApiEnv>): Promise<{ input: TaskInput; task: ReturnType<typeof newTask> } | Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return refuse(c, 400, 'BAD_REQUEST', 'body is not valid JSON; send {"task": "..."} with Content-Type: application/json');
  }
  const parsed = TaskInput.safeParse(body);
  if (!parsed.success) return refuse(c, 400, 'BAD_REQUEST', `invalid task: ${describeZodError(parsed.error)}`);
  const command = commandIn(parsed.data);
  if (command && !maySubmitCommands(c.get('role'))) {
    return refuse(c, 403, 'VERIFY_NEEDS_OPERATOR', `"${command}" is a command run on this machine: only the operator token may send one`);
  }
  return { input: parsed.data, task: newTask(parsed.data) };
}
