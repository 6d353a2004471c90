// The composition root: the one place that builds AgentOS from its parts (the kernel's runtime,
// inter-agent communication, the tool runtime, the HTTP API) and shuts them all down together.
// The CLI, the demo, the benchmarks and the test harnesses open the system here.
import type { Hono } from 'hono';
import { ClusterIntake, prepareWorkerDir, type ClusterOptions } from '../cluster/index.ts';
import type { ModelSettings } from '../config/index.ts';
import { IacHub } from '../iac/index.ts';
import { agentStatus, closeAll, Runtime, type RuntimeOptions } from '../kernel/index.ts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { buildMcpServer, CHAT_DEFAULTS, createApp, listen, type ApiDeps, type ApiEnv, type Listening, type Role } from '../server/index.ts';
import type { Logger } from '../telemetry/index.ts';
import { ToolRuntime, type ToolRuntimeOptions } from '../tools/index.ts';
import { escalationPorts } from './escalation.ts';
import { judgePorts } from './judges.ts';
import { startObservability, type ObserveSettings } from './observability.ts';

export type ApiOptions = Pick<ApiDeps, 'auth' | 'maxBodyBytes' | 'origins' | 'reach'>;

export interface SystemOptions {
  dataDir: string;
  model: ModelSettings;
  log: Logger;
  pollIntervalMs: number;
  verifyTimeoutMs?: number;
  /**
   * The tool runtime (policy, sandbox, approvals, MCP), on unless `false`. Off, the act loop
   * offers `plainTools` and `verify:` runs unsandboxed (benchmarks and some tests only).
   */
  tools?: false | Omit<ToolRuntimeOptions, 'dataDir' | 'onProblem'>;
  plainTools?: RuntimeOptions['tools'];
  /** Inter-agent communication (handoffs, locks, consensus, dispatch, backpressure); on unless `false`. */
  iac?: boolean;
  routing?: RuntimeOptions['routing'];
  /** The judges (eval/): on unless `false`, or a port of the caller's. */
  judges?: false | RuntimeOptions['judges'];
  judgeTimeoutMs?: number;
  /**
   * The HTTP API's tokens and limits; app() and serve() refuse without them. The CLI reads them
   * with config's loadApiTokens (env, else DATA/.agentos/api-token) and readApiSettings; a function
   * is called when the API is first built (so a token file is made only by a system that serves).
   */
  api?: ApiOptions | (() => ApiOptions);
  /**
   * Metrics (GET /metrics), the event stream (GET /events) and traces (when OTEL_EXPORTER_OTLP_ENDPOINT
   * is set): the daemon's settings from RuntimeEnv. Absent: no metrics, a default event hub, no traces.
   */
  observe?: ObserveSettings;
  /** Options passed to the runtime as they are (tests). */
  runtime?: Partial<RuntimeOptions>;
  /**
   * Scale-out (`agentos run --redis`): tasks come from BullMQ instead of queue.md, and with a
   * remote the data directory is made of clones of it (cluster/). Absent: one process, queue.md.
   */
  cluster?: ClusterOptions;
}

export interface System {
  runtime: Runtime;
  tools: ToolRuntime | undefined;
  iac: IacHub | undefined;
  /** The BullMQ intake when this is a cluster worker. */
  intake: ClusterIntake | undefined;
  /** The HTTP API over this system (not listening); needs `api` (the tokens). */
  app(): Hono<ApiEnv>;
  /** Serves the API; closed by close(). */
  serve(port: number, host: string): Promise<Listening>;
  /**
   * An MCP server over this system for one connection (`agentos mcp` over stdio); the caller
   * connects a transport. `waitMs` bounds submit_task's wait (default CHAT_DEFAULTS.waitMs).
   */
  mcpServer(role: Role, waitMs?: number): McpServer;
  /** Stops serving, stops the runtime, closes the tools: every step runs; safe to call twice. */
  close(): Promise<void>;
}

export async function openSystem(o: SystemOptions): Promise<System> {
  const observe = o.observe ? await startObservability(o.observe, o.log) : undefined;
  const cluster = o.cluster;
  if (cluster?.remote) {
    const { approvals } = await prepareWorkerDir(cluster.remote, o.dataDir, cluster.approvalsDir);
    if (!approvals && o.tools !== false) o.log.warn('no --approvals directory shared by every worker: a task paused for a person resumes only on a worker that can read its checkpoint');
  }
  const tools = o.tools === false ? undefined : new ToolRuntime({ ...o.tools, dataDir: o.dataDir, onProblem: (m) => o.log.warn(m) });
  let iac: IacHub | undefined;
  let intake: ClusterIntake | undefined;
  let runtime: Runtime;
  let apiDeps: Pick<ApiDeps, 'metrics' | 'eventHub'> = {};
  try {
    runtime = await Runtime.open({
      ...observe?.runtimeOptions,
      dataDir: o.dataDir, model: o.model, log: o.log, pollIntervalMs: o.pollIntervalMs, verifyTimeoutMs: o.verifyTimeoutMs,
      routing: o.routing, tools: o.plainTools, judgeTimeoutMs: o.judgeTimeoutMs,
      ...(tools && { act: (agent) => tools.forAgent(agent), escalation: escalationPorts(tools.store) }),
      ...(o.judges !== false && { judges: o.judges ?? judgePorts(o.model, tools?.store) }),
      ...(o.iac !== false && { iac: (host, agents) => (iac = new IacHub(host, agents[0]?.iac)) }),
      ...(cluster && {
        intake: (host) => {
          const hub = iac;
          // The cluster's pulls and pushes of shared/ wait for this process's shared writes, and the reverse.
          const sharedExclusive = hub && (async (fn: () => Promise<void>) => void (await hub.repo.transact(async () => void (await fn()))));
          return (intake = new ClusterIntake(host, cluster, { sharedExclusive }));
        },
      }),
      ...o.runtime,
    });
    if (observe) apiDeps = await observe.attach(runtime);
  } catch (err) {
    await tools?.close();
    await observe?.close();
    throw err;
  }
  const startedAt = Date.now();
  // Requests waiting for a task (chat completions, MCP submit_task) answer at once when the system stops.
  const stopping = new AbortController();
  const hub = iac as IacHub | undefined;
  const segmentsChanged = hub && (() => hub.resyncSegments());
  let api: ApiOptions | undefined;
  const app = () => {
    if (!o.api) throw new Error('openSystem: the HTTP API needs options.api (auth.token at least); the API never runs without a token');
    api ??= typeof o.api === 'function' ? o.api() : o.api;
    return createApp({
      ...api, ...apiDeps, ...(hub && { consensus: hub.consensus, segmentsChanged }), runtime, status: (name) => agentStatus(o.dataDir, runtime.worker(name).ctx.config),
      startedAt, log: o.log, approvals: tools?.store, stopping: stopping.signal,
    });
  };
  const servers: Listening[] = [];
  let closing: Promise<void> | undefined;
  return {
    runtime, tools, iac, intake, app,
    mcpServer(role, waitMs = CHAT_DEFAULTS.waitMs) {
      return buildMcpServer({ runtime, log: o.log, approvals: tools?.store, consensus: hub?.consensus, segmentsChanged, waitMs, stopping: stopping.signal }, role);
    },
    async serve(port, host) {
      const l = await listen(app(), port, host);
      servers.push(l);
      return l;
    },
    close() {
      closing ??= closeAll(o.log, 'agentos', [
        // Open event streams and waiting requests first: the HTTP server waits for open connections before it closes.
        ['event streams', () => observe?.closeStreams()],
        ['waiting requests', () => stopping.abort(new Error('agentos is stopping'))],
        ['http', () => Promise.all(servers.splice(0).map((s) => s.close()))],
        ['runtime', () => runtime.stop()],
        ['tools', () => tools?.close()],
        // Last, so the final spans are flushed.
        ['observability', () => observe?.close()],
      ]);
      return closing;
    },
  };
}
