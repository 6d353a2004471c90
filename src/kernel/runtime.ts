// The runtime: all agents of a data directory in one process, concurrent across
// agents and serial within each. Files are the truth; this holds only what is derived.
import { AgentOsError } from '../errors.ts';
import type { ToolSet } from 'ai';
import { agentsYamlPath, agentPaths, Git, QueueFile, type GitWriterOptions, type NewTask } from '../store/index.ts';
import { loadAgentsFile, type AgentConfig, type ModelSettings } from '../config/index.ts';
import { ContextIndex, indexPath, syncAgentIndex, syncSharedSegments } from '../context/index.ts';
import { registerSecret, setPiiRules, type Logger } from '../telemetry/index.ts';
import type { ActPort } from './act-port.ts';
import type { JudgePort } from './judge-port.ts';
import type { AgentContext } from './agent-context.ts';
import { bootstrapAgent, bootstrapShared } from './bootstrap.ts';
import { acquireDaemonLock } from './daemon-lock.ts';
import { Breakers } from '../models/index.ts';
import { DEFAULT_CIRCUIT } from '../config/index.ts';
import { createRouting, loadRouting, routingOf, type AgentRouting } from './routing.ts';
import { RuntimeEvents } from './events.ts';
import type { IacHost, IacPort, PlanSummary } from './iac-port.ts';
import type { IntakeHost, IntakePort } from './intake-port.ts';
import { deadLettered, runClaimed } from './run-claimed.ts';
import { closeAll } from './close-all.ts';
import { TaskIdUsedError } from './task-history.ts';
import { watchQueue } from './watch.ts';
import type { TracingPort } from './tracing.ts';
import { CONTEXT_KEEP_DEFAULT } from './context-archive.ts';
import { AgentWorker } from './worker.ts';
import { StepCheckpoints } from './step-checkpoints.ts';
import { ReplayLog } from './replay.ts';
import type { ReplaySource } from './replay-task.ts';
import { revertTask, rewindTo, type RollbackOptions, type RollbackReport } from './rollback.ts';
import type { EscalationPort } from './supervision.ts';
import { checkSpeculate } from './speculate-plan.ts';
import { writerOf } from './commit.ts';

export interface RuntimeOptions {
  dataDir: string;
  model: ModelSettings;
  log: Logger;
  pollIntervalMs: number;
  verifyTimeoutMs?: number;
  /** Tools offered to every agent's act loop. */
  tools?: (agent: AgentConfig) => ToolSet;
  /** Replaces parts of an agent's routing state (e.g. a world-model familiarity probe, retry timing). */
  routing?: (agent: AgentConfig) => Partial<AgentRouting>;
  /** The tool runtime per agent (policy, sandbox, approvals); replaces `tools` when given. */
  act?: (agent: AgentConfig) => ActPort;
  /** Inter-agent communication (handoffs, locks, consensus, dispatch, backpressure); absent, agents work alone. */
  iac?: (host: IacHost, agents: AgentConfig[]) => IacPort;
  /** The judges per agent (eval/'s JudgeRuntime); called after the act stage of every task with judges. */
  judges?: (agent: AgentConfig) => JudgePort;
  /** Bound on one task's whole judge stage, ms (default 10 min); past it every judge reports "judge error". */
  judgeTimeoutMs?: number;
  /** Spans around each task's stages (telemetry's startTracing); absent, nothing is traced or loaded. */
  tracing?: TracingPort;
  /** How many task contexts (context.md) to keep per agent for people to read; 0 keeps none. */
  contextKeep?: number;
  /** A replayed run (`agentos replay`): every model call of a task is served from its recording, nothing is recorded. */
  replay?: ReplaySource;
  /** Where the watchdog escalates a paused agent (the approvals store); absent, only `agentos resume` and the API resume it. */
  escalation?: (agent: AgentConfig) => EscalationPort;
  /** false: no watchdog (eval's scratch runs measure every task; a pause would leave tasks not run). */
  supervision?: boolean;
  /** Where tasks come from and how each is claimed (cluster/: BullMQ); absent, each agent drains its queue.md. */
  intake?: (host: IntakeHost) => IntakePort;
  /** Options of each agent's git writer (tests and benchmarks: a recording file layer, the lock wait). */
  gitWriter?: GitWriterOptions;
}

/** What the runtime was not opened with (e.g. dispatch without iac). */
export class UnavailableError extends AgentOsError<'UNAVAILABLE'> {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

export class UnknownAgentError extends AgentOsError<'UNKNOWN_AGENT'> {
  constructor(name: string, known: string[]) {
    super('UNKNOWN_AGENT', `no agent named "${name}" (agents: ${known.join(', ') || 'none'})`);
  }
}

export class Runtime {
  readonly events = new RuntimeEvents();
  readonly workers = new Map<string, AgentWorker>();
  readonly warnings: string[] = [];
  /** One circuit breaker per provider endpoint, shared by all agents. */
  breakers = new Breakers(DEFAULT_CIRCUIT);
  private releaseLock: (() => void) | undefined;
  /** Recordings of model exchanges (replay.ts), shared by the agents for the total size cap. */
  private replayLog: ReplayLog | undefined;
  private index: ContextIndex | undefined;
  private readonly stopWatching: (() => void)[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  /** Inter-agent communication (the iac port), when the composition root plugged one in. */
  iac: IacPort | undefined;
  /** The task intake (the intake port), when tasks are claimed from elsewhere than queue.md. */
  intake: IntakePort | undefined;

  readonly opts: RuntimeOptions;

  private constructor(opts: RuntimeOptions) {
    this.opts = opts;
  }

  /** Loads agents.yaml, takes the data-dir lock, bootstraps and recovers every agent. */
  static async open(opts: RuntimeOptions): Promise<Runtime> {
    registerSecret(opts.model.apiKey);
    const rt = new Runtime(opts);
    const { agents, warnings, circuit, privacy } = await loadAgentsFile(agentsYamlPath(opts.dataDir));
    // PII rules (agents.yaml privacy:) apply to every log line, commit message and model context from here on.
    setPiiRules(privacy);
    rt.breakers = new Breakers(circuit);
    rt.warnings.push(...warnings);
    for (const w of warnings) opts.log.warn(w);
    rt.releaseLock = acquireDaemonLock(opts.dataDir);
    if (agents[0]?.replay?.record !== false && !opts.replay) rt.replayLog = new ReplayLog(opts.dataDir, agents[0]?.replay, (m) => opts.log.warn(m));
    try {
      await bootstrapShared(opts.dataDir);
      rt.index = ContextIndex.open(indexPath(opts.dataDir));
      rt.index.tokenizer = agents[0]?.limits?.tokenizer;
      await syncSharedSegments(rt.index, opts.dataDir);
      for (const config of agents) {
        await bootstrapAgent(opts.dataDir, config);
        const worker = new AgentWorker(rt.contextFor(config), opts.supervision === false ? false : opts.escalation?.(config));
        rt.workers.set(config.name, worker); // from here on, stop() closes its writer
        await writerOf(worker.ctx, opts.gitWriter);
        await worker.recover();
        // The index is rebuilt for an agent whose history moved on without it (edits, a restore).
        await syncAgentIndex(rt.index, opts.dataDir, config, await worker.ctx.git.headSha());
        await loadRouting(worker.ctx);
      }
      if (opts.iac) {
        const iac = opts.iac({
          dataDir: opts.dataDir, log: opts.log, agents: () => [...rt.workers.values()].map((w) => w.ctx), index: () => rt.index,
          wakeAll: () => rt.wakeAll(), append: (agent, task) => rt.append(agent, task), emit: (e) => rt.events.emitEvent(e),
        }, agents);
        rt.iac = iac;
        for (const w of rt.workers.values()) w.ctx.iac = iac;
        await iac.housekeeping(new Date(), true);
      }
      if (opts.intake) {
        for (const w of rt.workers.values()) w.claimedOnly = true;
        rt.intake = opts.intake(rt.intakeHost());
      }
    } catch (err) {
      await Promise.all([...rt.workers.values()].map((w) => w.ctx.writer?.then((x) => x.close()).catch(() => {})));
      rt.index?.close();
      rt.releaseLock();
      throw err;
    }
    return rt;
  }

  /** What an intake port uses: run one claimed task, dead-letter one, read queue.md, re-read an agent. */
  private intakeHost(): IntakeHost {
    return {
      dataDir: this.opts.dataDir,
      log: this.opts.log,
      agents: () => [...this.workers.values()].map((w) => w.ctx.config),
      runClaimed: (agent, task, signal, hooks) => runClaimed(this.worker(agent), task, signal, hooks),
      deadLetter: async (agent, task, info, signal, hooks) => (await deadLettered(this.worker(agent), task, info, signal, hooks)).commit,
      queued: (agent) => this.worker(agent).queued(),
      refresh: (agent) => this.refresh(agent),
      isDone: (agent, id) => (agent ? this.worker(agent).ctx.done.has(id) : [...this.workers.values()].some((w) => w.ctx.done.has(id))),
      isFailed: (id) => [...this.workers.values()].some((w) => w.ctx.failed.has(id)),
    };
  }

  /** The agent's repository moved under the runtime (a pull): its history, index and ledger are read again. */
  private async refresh(agent: string): Promise<void> {
    const w = this.worker(agent);
    await w.rescanDone();
    if (this.index) await syncAgentIndex(this.index, this.opts.dataDir, w.ctx.config, await w.ctx.git.headSha());
    for (const p of await routingOf(w.ctx).book.load()) this.opts.log.warn({ agent }, p.message);
  }

  private contextFor(config: AgentConfig): AgentContext {
    const paths = agentPaths(this.opts.dataDir, config.name);
    const tools = this.opts.tools;
    const ctx: AgentContext = {
      config,
      dataDir: this.opts.dataDir,
      paths,
      git: new Git(paths.root),
      queue: new QueueFile(paths.queue, paths.rejected, { limits: config.limits?.queue }),
      model: this.opts.model,
      log: this.opts.log,
      events: this.events,
      done: new Set(),
      failed: new Set(),
      tools: tools ? () => tools(config) : () => ({}),
      verifyTimeoutMs: this.opts.verifyTimeoutMs ?? 60_000,
      stateCache: new Map(),
      index: this.index,
      ...(this.opts.act && { act: this.opts.act(config) }),
      ...(this.opts.judges && { judges: this.opts.judges(config) }),
      ...(this.opts.judgeTimeoutMs !== undefined && { judgeTimeoutMs: this.opts.judgeTimeoutMs }),
      ...(this.opts.tracing && { tracing: this.opts.tracing }),
      contextArchive: { keep: this.opts.contextKeep ?? CONTEXT_KEEP_DEFAULT },
      checkpoints: new StepCheckpoints(this.opts.dataDir, config.name, (m) => this.opts.log.warn({ agent: config.name }, m)),
      ...(this.opts.replay ? { replay: { source: this.opts.replay } } : this.replayLog && { replay: { log: this.replayLog } }),
      peers: () => this.peers(),
    };
    ctx.routing = createRouting(ctx, this.breakers, this.opts.routing?.(config));
    return ctx;
  }

  /** Watch every queue and start working (`run` without --once); with an intake, start claiming from it. */
  async start(): Promise<void> {
    if (this.intake) return this.intake.start();
    for (const w of this.workers.values()) {
      this.stopWatching.push(watchQueue(w.ctx.paths.root, () => w.wake(), this.opts.log));
      w.wake();
    }
    this.pollTimer = setInterval(() => {
      this.wakeAll();
      void this.iac?.housekeeping();
    }, this.opts.pollIntervalMs);
  }

  wakeAll(): void {
    for (const w of this.workers.values()) w.wake();
  }

  /** Every agent's queued tasks and running task, read now (a worker's `after:` check). */
  private async peers(): Promise<{ queued: Map<string, string[]>; running: Set<string> }> {
    const queued = new Map<string, string[]>();
    const running = new Set<string>();
    for (const w of this.workers.values()) {
      for (const t of (await w.ctx.queue.read()).tasks) queued.set(t.id, t.after ?? []);
      // Read after the queue: a task leaves queue.md during its commit, while `current` still names it.
      if (w.current) running.add(w.current);
    }
    return { queued, running };
  }

  /**
   * What a drain left behind, per agent: queue scans that failed, and tasks still queued (paused
   * for a person, waiting for a lock, `after:`, a budget or a failing provider). `run --once` exits
   * non-zero when there is any.
   */
  async leftover(): Promise<{ agent: string; scanError?: string; queued: string[]; why?: string }[]> {
    const out: { agent: string; scanError?: string; queued: string[]; why?: string }[] = [];
    for (const w of this.workers.values()) {
      let queued: string[] = [];
      let scanError = w.scanError;
      try {
        const q = await w.ctx.queue.read();
        queued = q.tasks.filter((t) => !w.ctx.done.has(t.id)).map((t) => t.id);
      } catch (err) {
        scanError ??= err instanceof Error ? err.message : String(err);
      }
      const forPerson = queued.length && w.ctx.act ? [...(await w.ctx.act.pausedTasks())].filter((id) => queued.includes(id)).length : 0;
      const why = [w.paused?.reason, forPerson ? `${forPerson} waiting for a person: agentos approvals` : undefined].filter(Boolean).join('; ');
      if (scanError || queued.length) out.push({ agent: w.name, ...(scanError && { scanError }), queued, ...(why && { why }) });
    }
    return out;
  }

  /** Processes every queue until nothing runnable is left (`run --once`). */
  async drain(): Promise<void> {
    for (;;) {
      this.wakeAll();
      // One agent's completion can wake another (`after:` across agents, a handoff): until all rest.
      do await Promise.all([...this.workers.values()].map((w) => w.idle()));
      while ([...this.workers.values()].some((w) => w.busy));
      // All rest: a task waiting for an id nobody holds can never start now (dead-lettered with why).
      let settled = false;
      for (const w of this.workers.values()) if (await w.settle()) settled = true;
      if (!settled) return;
    }
  }

  worker(name: string): AgentWorker {
    const w = this.workers.get(name);
    if (!w) throw new UnknownAgentError(name, [...this.workers.keys()]);
    return w;
  }

  /** Undoes one task's effects as a new commit, between the agent's tasks (rollback.ts). */
  async revert(agent: string, task: string, opts: { force?: boolean } = {}): Promise<RollbackReport> {
    const w = this.worker(agent);
    this.refuseRollbackInCluster('revert');
    return w.exclusive(() => revertTask(w.ctx, task, { ...opts, reopen: this.reopen() }));
  }

  /** Returns the agent's mind and workspace to a task or commit as a new commit, between its tasks. */
  async rewind(agent: string, target: string, opts: { force?: boolean } = {}): Promise<RollbackReport> {
    const w = this.worker(agent);
    this.refuseRollbackInCluster('rewind');
    return w.exclusive(() => rewindTo(w.ctx, target, { ...opts, reopen: this.reopen() }));
  }

  /** A cluster worker's clone is reset to the remote before each task: a rollback made in it would be lost. */
  private refuseRollbackInCluster(what: string): void {
    if (this.intake) throw new UnavailableError(`${what} is not available on a cluster worker (its clone is reset to the remote before every task); stop the workers, ${what} in a data directory cloned from the remote, and push the commit`);
  }

  /** Ends a watchdog pause (supervision.ts); false when the agent was not paused. */
  async resume(agent: string, by: string): Promise<boolean> {
    const w = this.worker(agent);
    const resumed = await w.exclusive(() => w.supervisor.resume(by));
    w.wake();
    return resumed;
  }

  private reopen(): RollbackOptions['reopen'] {
    const iac = this.iac;
    return iac ? (agent, topics, reason) => iac.reopenBeliefs(agent, topics, reason) : undefined;
  }

  /** Appends a task to an agent's queue, refused with QueueFullError past its depth (backpressure). */
  async enqueue(agent: string, task: NewTask): Promise<void> {
    // An id this agent already completed would be queued, then rejected as done: refuse it now.
    if (this.worker(agent).ctx.done.has(task.id)) throw new TaskIdUsedError(agent, task.id);
    checkSpeculate(this.worker(agent).ctx.config, task);
    if (this.iac) await this.iac.enqueue(agent, task);
    else await this.append(agent, task);
  }

  /** A task without an agent: the best match by agent card. Returns the agent chosen and why. */
  async dispatch(task: NewTask): Promise<{ agent: string; why: string }> {
    const choice = await this.requireIac('dispatch').dispatch(task.task);
    await this.enqueue(choice.agent, task);
    return { agent: choice.agent, why: choice.why };
  }

  /** The planning step: decompose, queue the subtasks across agents (a DAG by `after:`) and a join task. */
  plan(task: NewTask): Promise<PlanSummary> {
    return this.requireIac('planning').plan(task);
  }

  private requireIac(what: string): IacPort {
    if (!this.iac) throw new UnavailableError(`${what} needs inter-agent communication, which this runtime was opened without`);
    return this.iac;
  }

  private async append(agent: string, task: NewTask): Promise<void> {
    if (this.intake) return this.intake.submit(agent, task);
    const w = this.worker(agent);
    await w.ctx.queue.append(task);
    w.announce(task, 'runtime');
    w.wake();
  }

  /**
   * Stops every worker, closes queues and the index, releases the data-dir lock. Safe to call
   * twice (the same promise); every step runs even when one fails, and the failures are reported.
   */
  stop(): Promise<void> {
    this.stopping ??= closeAll(this.opts.log, 'runtime', [
      ['intake', () => this.intake?.close()],
      ['timers', () => {
        clearInterval(this.pollTimer);
        for (const stop of this.stopWatching.splice(0)) stop();
      }],
      ['workers', async () => {
        await Promise.all([...this.workers.values()].map((w) => w.stop()));
      }],
      ['git writers', async () => {
        // After the workers: no commit is under way; waits for a background repack to end.
        await Promise.all([...this.workers.values()].map((w) => w.ctx.writer?.then((x) => x.close())));
      }],
      ['queues', () => {
        for (const w of this.workers.values()) w.ctx.queue.close();
      }],
      ['index', () => {
        this.index?.close();
        this.index = undefined;
      }],
      ['data-dir lock', () => {
        this.releaseLock?.();
        this.releaseLock = undefined;
      }],
    ]);
    return this.stopping;
  }
}
