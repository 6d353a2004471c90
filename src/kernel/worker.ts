// One agent's worker: serial within the agent, woken by queue changes. It drains the
// queue by priority and age, quarantines what cannot run, dead-letters what fails or can never
// start, and pauses (tasks kept) while the budget is spent or every provider's circuit is open.
import { DEFAULT_LIMITS } from '../config/index.ts';
import { printable } from '../errors.ts';
import { BudgetExceededError, deadlineSignal, ModelCallError } from '../models/index.ts';
import { cleanTempFiles, orderTasks, type NewTask, type QueueTask, type RejectedBlock } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';
import type { AgentContext } from './agent-context.ts';
import { clipText } from './events.ts';
import { commitChangeSet } from './commit.ts';
import { recoverCommitPath } from './commit-recover.ts';
import { CrashAttempts } from './crash-attempts.ts';
import { deadLetterChangeSet, type DeadLetterInfo } from './dead-letter.ts';
import type { ResumePoint } from './act-port.ts';
import type { ClaimHooks } from './intake-port.ts';
import { runTask, type TaskResult } from './pipeline.ts';
import { deadLetterIdOf, doneIdOf } from './task-history.ts';
import { routingOf } from './routing.ts';
import { AgentPauses } from './agent-pauses.ts';
import { doneDuplicate, rejectBlocks } from './intake-rejects.ts';
import { AfterCheck, metDependency } from './after-check.ts';
import { isExpired, pickNext, type PickResult } from './schedule.ts';
import { dropCheckpoint, nextInterrupted } from './step-recovery.ts';
import { endRecording } from './replay-task.ts';
import { BetweenTasks } from './between-tasks.ts';
import { cleanStaleForks, speculateProblem } from './speculate.ts';
import { Supervisor, type EscalationPort } from './supervision.ts';

const MAX_CRASH_ATTEMPTS = 5;
/** The store's default settle time for a last block still being written (QueueFile settleMs). */
const QUEUE_SETTLE_MS = 2100;
const MAX_LOCAL_ATTEMPTS = 3;

export interface WorkerStats {
  completed: number;
  failed: number;
  deadLettered: number;
  rejected: number;
}

export class AgentWorker {
  readonly stats: WorkerStats = { completed: 0, failed: 0, deadLettered: 0, rejected: 0 };
  /** Why the agent's queue could not be read at the last scan (cleared by a good one). */
  scanError: string | undefined;
  /** The task being run now (out of queue.md during its commit, not yet in `done`). */
  current: string | undefined;
  private readonly pauses: AgentPauses;
  private readonly crashes: CrashAttempts;
  private readonly localFailures = new Map<string, number>();
  private wakeRequested = false;
  private running: Promise<void> | undefined;
  private stopping = false;
  private abort = new AbortController();
  private retryTimer: NodeJS.Timeout | undefined;
  /** Ids in queue.md already announced as `task.queued` (pruned to what the queue holds). */
  private announced = new Set<string>();
  private retryDue = 0;
  private readonly after: AfterCheck;
  /** Set by settle(): nothing else can arrive (run --once), so unknown `after:` ids get no grace. */
  private noGrace = false;
  private readonly between = new BetweenTasks(); // revert, rewind: between tasks
  /** The watchdog (supervision.ts); `escalation` false in the constructor turns it off. */
  readonly supervisor: Supervisor;

  readonly ctx: AgentContext;

  constructor(ctx: AgentContext, escalation?: EscalationPort | false) {
    this.ctx = ctx;
    this.crashes = new CrashAttempts(ctx.dataDir, ctx.config.name);
    this.after = new AfterCheck(ctx);
    this.supervisor = new Supervisor(ctx, escalation);
    this.pauses = new AgentPauses(ctx, (ms) => this.wakeLater(ms));
  }

  get name(): string {
    return this.ctx.config.name;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Why the agent takes no tasks now (watchdog, budget, providers failing), until when (null: a person resumes it). */
  get paused(): { reason: string; resumesAt: string | null; request?: string } | undefined {
    const s = this.supervisor.pause;
    if (s) return { reason: s.reason, resumesAt: null, ...(s.request && { request: s.request }) };
    return this.pauses.current;
  }

  /** Runs a kernel operation (a revert, a rewind) between tasks, never while a task is in flight. */
  exclusive<T>(op: () => Promise<T>): Promise<T> {
    return this.between.schedule(op, !this.running, this.name); // a running loop runs it before its next task
  }

  /** Recover what a crash left: stale git locks, an interrupted commit, queue.md behind its commit. */
  async recover(): Promise<void> {
    await cleanTempFiles(this.ctx.paths.root);
    try {
      for (const did of await recoverCommitPath(this.ctx)) this.ctx.log.warn({ agent: this.name }, `recovered after a crash: ${did}`);
    } catch (err) {
      // Not even a quarantine was possible (e.g. an unreadable journal file): the other agents still start.
      this.ctx.log.error({ agent: this.name, err }, 'an interrupted commit could not be recovered; it is tried again at the next start');
    }
    await this.rescanDone();
  }

  /** Rebuilds `done` from the commit subjects: the idempotence key (a recorded id never runs again). */
  async rescanDone(): Promise<void> {
    const subjects = await this.ctx.git.subjects();
    this.ctx.done.clear();
    this.ctx.failed.clear();
    for (const subject of subjects) {
      const id = doneIdOf(subject);
      if (id) this.ctx.done.add(id);
      const failed = deadLetterIdOf(subject);
      if (failed) this.ctx.failed.add(failed);
    }
    await Promise.all([this.supervisor.load(), cleanStaleForks(this.ctx)]);
  }

  /** A `task.queued` event, once per task id while it stays in the queue. */
  announce(task: Pick<NewTask, 'id' | 'task' | 'priority'>, source: 'runtime' | 'file'): void {
    if (this.announced.has(task.id)) return;
    this.announced.add(task.id);
    this.ctx.events.emitEvent({ type: 'task.queued', agent: this.name, task: task.id, title: clipText(task.task, 80), priority: task.priority ?? 'normal', source });
  }

  /** Tasks appended to queue.md by hand or by another process are announced when the queue is read. */
  private announceQueue(tasks: QueueTask[]): void {
    const present = new Set<string>();
    for (const t of tasks) {
      present.add(t.id);
      if (!this.ctx.done.has(t.id)) this.announce(t, 'file');
    }
    for (const id of this.announced) if (!present.has(id)) this.announced.delete(id);
  }

  /** queue.md's tasks not done yet, in order, after committing malformed and done blocks aside (an intake drains them). */
  async queued(): Promise<QueueTask[]> {
    const { text, tasks, rejected } = await this.ctx.queue.read();
    const dupes = tasks.filter((t) => this.ctx.done.has(t.id)).map((t) => doneDuplicate(text, t));
    await this.quarantine([...rejected, ...dupes]);
    return orderTasks(tasks.filter((t) => !this.ctx.done.has(t.id)));
  }

  /** Set when an intake port claims tasks (cluster/): this worker then never drains queue.md itself. */
  claimedOnly = false;

  wake(): void {
    if (this.claimedOnly) return;
    this.wakeRequested = true;
    if (!this.running && !this.stopping) this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when the queue holds nothing runnable (for `run --once`). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.abort.abort(new Error('agentos is stopping'));
    this.between.close(new Error(`agent ${this.name} is stopping; the operation did not run`));
    await this.running;
  }

  private async loop(): Promise<void> {
    while ((this.wakeRequested || this.between.pending) && !this.stopping) {
      this.wakeRequested = false;
      try {
        await this.drain();
        this.scanError = undefined;
      } catch (err) {
        this.scanError = redactText(err instanceof Error ? err.message : String(err));
        this.ctx.log.error({ agent: this.name, err }, 'queue scan failed; retrying soon');
        this.wakeLater(1000);
      }
    }
    this.ctx.events.emitEvent({ type: 'agent.idle', agent: this.name });
  }

  private async drain(): Promise<void> {
    while (!this.stopping) {
      await this.between.runPending();
      const { text, tasks, rejected, partial } = await this.ctx.queue.read();
      this.announceQueue(tasks);
      // A last block still being written is held by the store; look again once it settles.
      if (partial) this.wakeLater(QUEUE_SETTLE_MS);
      // Paused by the watchdog: nothing runs until a person resumes the agent (supervision.ts).
      if (await this.supervisor.held()) return;
      // A task a crash interrupted resumes from its last step before anything else (step-recovery.ts).
      const interrupted = await nextInterrupted(this.ctx, tasks);
      if (interrupted) {
        if (!interrupted.resume) continue;
        // A task stopped by a spent budget (or failing providers) keeps its checkpoint: it resumes once they allow.
        if (this.pauses.holding()) return;
        await this.process(interrupted.task, interrupted.resume);
        continue;
      }
      // Paused tasks (waiting for a person) never block the others: answered ones resume
      // first, from where they stopped; the rest are skipped until answered.
      if (this.ctx.act) {
        for (const message of await this.ctx.act.takeLabels()) await commitChangeSet(this.ctx, { message, changes: [], dequeue: [] });
        const ready = (await this.ctx.act.ready())[0];
        if (ready) {
          const task = tasks.find((t) => t.id === ready.task);
          if (task && !this.ctx.done.has(task.id)) await this.process(task, ready);
          else await this.ctx.act.drop(ready.task); // the task left the queue while it waited
          continue;
        }
      }
      const paused = new Set([...(this.ctx.act ? await this.ctx.act.pausedTasks() : []), ...(this.ctx.checkpoints?.held ?? [])]);
      const iac = this.ctx.iac;
      const runnable = paused?.size || iac ? tasks.filter((t) => !paused?.has(t.id) && !iac?.blocked(this.name, t)) : tasks;
      const pick = pickNext(runnable, this.ctx.done, metDependency(this.ctx));
      const dupes = pick.alreadyDone.map((t) => doneDuplicate(text, t));
      await this.quarantine([...rejected, ...dupes]);
      if (pick.waiting.length && (await this.deadLetterStuck(pick.waiting, tasks))) continue;
      if (!pick.next) return;
      if (this.pauses.holding()) return;
      await this.process(pick.next);
    }
  }

  private async process(task: QueueTask, resume?: ResumePoint): Promise<void> {
    const agent = this.name;
    const bad = resume ? undefined : speculateProblem(task);
    if (bad) return this.deadLetter(task, { kind: 'invalid-speculate', reason: bad, attempts: 0 });
    if (!resume && isExpired(task, Date.now())) {
      return this.deadLetter(task, { kind: 'expired', reason: `ttl ${task.ttl ?? `${String(task.extra?.ttl_seconds)} s`} passed before the task could start`, attempts: 0 });
    }
    const release = this.ctx.iac?.acquire(agent, task);
    try {
      await this.run(task, resume);
    } finally {
      release?.();
    }
  }

  /**
   * One more pass once every agent rests (run --once): a task still waiting for an id no queue
   * holds can never start now, so it is dead-lettered without the grace. True when it did.
   */
  async settle(): Promise<boolean> {
    const before = this.stats.deadLettered;
    this.noGrace = true;
    try {
      this.wake();
      await this.idle();
    } finally {
      this.noGrace = false;
    }
    return this.stats.deadLettered > before;
  }

  /** Dead-letters the waiting tasks that can never start (after-check.ts); true when it did any. */
  private async deadLetterStuck(waiting: PickResult['waiting'], own: QueueTask[]): Promise<boolean> {
    const grace = this.noGrace ? 0 : (this.ctx.config.limits?.queue.afterGraceMs ?? DEFAULT_LIMITS.queue.afterGraceMs);
    const stuck = await this.after.due(waiting, own, this.current, grace, (ms) => this.wakeLater(ms));
    for (const s of stuck) await this.deadLetter(s.task, { kind: 'after-unresolvable', reason: s.reason, attempts: 0 });
    return stuck.length > 0;
  }

  private async run(task: QueueTask, resume?: ResumePoint): Promise<void> {
    const agent = this.name;
    // A resumed task that moved on since its last start is not crash-looping: its count starts again.
    if (resume?.checkpoint?.progressed) this.crashes.end();
    const crashes = this.crashes.begin(task.id);
    if (crashes > MAX_CRASH_ATTEMPTS) {
      return this.deadLetter(task, { kind: 'crash-loop', reason: `the runtime stopped ${crashes - 1} times while running this task`, attempts: crashes - 1 });
    }
    this.ctx.events.emitEvent({ type: 'task.started', agent, task: task.id, at: Date.now(), ...(resume && { resumed: true }) });
    this.ctx.log.info({ agent, task: task.id }, 'processing task');
    // One deadline for the whole task, model calls and tools included (models.task_deadline_s).
    const deadlineMs = this.ctx.config.limits?.taskDeadlineMs ?? DEFAULT_LIMITS.taskDeadlineMs;
    // Released when the task ends (models/deadline-signal.ts): nothing of the task outlives it.
    const deadline = deadlineSignal(this.abort.signal, deadlineMs);
    this.current = task.id;
    try {
      const r = await runTask(this.ctx, this.ctx.iac ? await this.ctx.iac.prepare(task) : task, deadline.signal, resume);
      this.crashes.end();
      if ('paused' in r) {
        this.ctx.events.emitEvent({ type: 'task.paused', agent, task: task.id, requests: r.paused });
        this.ctx.log.info({ agent, task: task.id, requests: r.paused }, 'task paused: waiting for a person (agentos approvals)');
        return;
      }
      this.current = undefined;
      await this.completed(task, r);
    } catch (err) {
      if (this.stopping) {
        this.crashes.end(); // a clean stop is not a crash; the task stays queued
        return;
      }
      if (deadline.timedOut) {
        const s = Math.round(deadlineMs / 1000);
        return this.deadLetter(task, { kind: 'deadline', reason: `the task ran past its deadline of ${s} s (models.task_deadline_s in agents.yaml) and was stopped: ${redactText(err instanceof Error ? err.message : String(err))}`, attempts: 1 });
      }
      await this.onFailure(task, err);
    } finally {
      deadline.dispose();
      this.current = undefined;
    }
  }

  /** The task's commit is in: count it, announce it, let iac act on it (handoffs, consensus). */
  async completed(task: QueueTask, r: TaskResult): Promise<void> {
    const agent = this.name;
    this.ctx.done.add(task.id);
    this.localFailures.delete(task.id);
    this.stats.completed++;
    this.ctx.events.emit('answer', { agent, task: task.id, commit: r.commit, answer: redactText(r.response) });
    if (r.summary.reward < 0 || r.summary.auditScore < 0) this.stats.failed++;
    this.ctx.events.emitEvent({
      type: 'task.completed', agent, task: task.id, reward: r.summary.reward, auditScore: r.summary.auditScore,
      commit: r.commit, durationMs: r.durationMs, modelMs: r.modelMs, tier: r.tier, model: r.model, appropriate: r.appropriate, context: r.context,
    });
    this.ctx.log.info({ agent, task: task.id, reward: r.summary.reward, audit: r.summary.auditScore, commit: r.commit.slice(0, 8), ms: r.durationMs }, 'task committed');
    await this.ctx.iac?.afterTask(this.ctx, task, r);
    await this.supervisor.observe({ kind: 'task', task: task.id, reward: Math.min(r.summary.reward, r.summary.auditScore) });
  }

  private async onFailure(task: QueueTask, err: unknown): Promise<void> {
    if (err instanceof BudgetExceededError) {
      // Not the task's fault: it stays queued; what it spent stays in the pending ledger.
      this.crashes.end();
      this.pauses.budgetSpent();
      return;
    }
    if (err instanceof ModelCallError && err.kind === 'circuit-open') {
      // Not the task's fault either: it stays queued; the agent waits for the next trial.
      this.crashes.end();
      this.pauses.circuitOpen(err);
      return;
    }
    if (err instanceof ModelCallError) {
      return this.deadLetter(task, { kind: `model-${err.kind}`, reason: err.message, attempts: err.attempts });
    }
    const n = (this.localFailures.get(task.id) ?? 0) + 1;
    this.localFailures.set(task.id, n);
    const reason = redactText(err instanceof Error ? err.message : String(err));
    this.ctx.log.error({ agent: this.name, task: task.id, err, attempt: n }, 'task failed');
    if (n >= MAX_LOCAL_ATTEMPTS) return this.deadLetter(task, { kind: 'runtime-error', reason, attempts: n });
    this.crashes.end();
    await new Promise((r) => setTimeout(r, 250 * 2 ** n));
  }

  /** The task leaves the queue with its reason, in its own commit (claimed: the claim's signal and hooks). */
  async deadLetter(task: QueueTask, raw: DeadLetterInfo, claim?: { signal: AbortSignal; hooks: ClaimHooks }): Promise<void> {
    // The reason may quote a model's reply: printable and bounded wherever it goes (file, event, log).
    const info = { ...raw, reason: printable(redactText(raw.reason), 4000) };
    const cs = deadLetterChangeSet(this.name, task, info, new Date());
    // What the failed attempts cost is committed with the dead letter.
    const book = routingOf(this.ctx).book;
    cs.changes.push(...(await book.changes()));
    const now = new Date();
    if (info.kind === 'expired' && this.ctx.iac) cs.changes.push(...(await this.ctx.iac.expiredChanges(this.ctx, task, info, now)));
    claim?.signal.throwIfAborted();
    const commit = await commitChangeSet(this.ctx, cs);
    await book.committed();
    await claim?.hooks.afterCommit?.(commit);
    await dropCheckpoint(this.ctx, task.id);
    endRecording(this.ctx, task.id, 'dead-letter', commit);
    this.crashes.end();
    this.ctx.done.add(task.id);
    this.ctx.failed.add(task.id);
    this.stats.deadLettered++;
    this.stats.failed++;
    this.ctx.events.emitEvent({ type: 'task.dead_lettered', agent: this.name, task: task.id, reason: clipText(info.reason, 300), commit, kind: info.kind });
    this.ctx.log.warn({ agent: this.name, task: task.id, kind: info.kind }, `dead-lettered: ${redactText(info.reason)}`);
    if (info.kind === 'expired') await this.ctx.iac?.escalate(this.ctx, task, info, now);
    await this.supervisor.observe({ kind: 'dead-letter', task: task.id, why: info.kind, reason: info.reason });
  }

  private async quarantine(ready: RejectedBlock[]): Promise<void> {
    this.stats.rejected += await rejectBlocks(this.ctx, ready);
  }

  /** Wake again in `ms`, unless an earlier wake is already due (a later one is re-armed by that scan). */
  private wakeLater(ms: number): void {
    const due = Date.now() + ms;
    if (this.retryTimer && this.retryDue <= due) return;
    clearTimeout(this.retryTimer);
    this.retryDue = due;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, ms);
    this.retryTimer.unref();
  }
}
