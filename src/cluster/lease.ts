// One agent's BullMQ worker in this process. The agent's queue has global concurrency 1, so the
// lock of its one active job is the agent's lease: BullMQ renews it while the task runs, and a
// worker that dies loses it when it expires; another then takes the task back (a stalled job).
// The processor takes (job, token, signal), all three written out: BullMQ creates the signal only
// then, and aborts it when the lease is lost, so the task stops before its commit.
import { DelayedError, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { hasCode } from '../errors.ts';
import { failedAfterReason, type ClaimOutcome, type IntakeHost } from '../kernel/index.ts';
import type { QueueTask } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import { readJobData } from './job-data.ts';
import { DRAIN_JOB, queueName } from './keys.ts';
import type { ClusterOptions } from './options.ts';
import type { Producer } from './producer.ts';
import type { Clone } from './remote.ts';
import { withTimeout } from './redis.ts';
import type { SharedSync } from './shared-sync.ts';

export interface LeaseDeps {
  host: IntakeHost;
  opts: ClusterOptions;
  log: Logger;
  producer: Producer;
  shared: SharedSync | undefined;
  clone: (agent: string) => Clone | undefined;
  /** Called as a task starts and ends (the slots cap, the heartbeat's view). */
  began: (agent: string, what: string) => void;
  ended: (agent: string) => void;
  /** True once this worker is stopping: a cancelled task goes back to its queue at once. */
  stopping: () => boolean;
}

/** Another worker pushed this task's commit first (its lease had expired here): theirs stands. */
class RecordedElsewhere extends Error {}

/** What a job returns to BullMQ (kept with the completed job; `agentos status` shows the last ones). */
type JobResult = { outcome: ClaimOutcome['kind'] | 'drained'; commit?: string; added?: number };

export function leaseWorker(agent: string, connection: Redis, d: LeaseDeps): Worker {
  const { opts, log } = d;
  /** Jobs whose lease was lost while they ran here (cancelled once each). */
  const cancelled = new Set<string>();
  /** The HEAD the runtime's view of this agent (done ids, index, ledger) was last read at. */
  let viewAt: string | undefined;

  const sync = async (): Promise<void> => {
    const clone = d.clone(agent);
    if (!clone) return;
    await clone.reset();
    const head = await clone.git.headSha();
    if (head !== viewAt) {
      await d.host.refresh(agent);
      viewAt = head;
    }
  };

  const push = async (taskId?: string): Promise<void> => {
    const clone = d.clone(agent);
    if (!clone) return;
    if ((await clone.push(opts.pushAttempts, agent, taskId)) === 'duplicate') throw new RecordedElsewhere();
  };

  const later = async (job: Job, token: string, ms: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  };

  const drain = async (): Promise<JobResult> => {
    await sync();
    const tasks = await d.host.queued(agent);
    await push();
    const added = await d.producer.add(agent, tasks);
    if (added) log.info({ agent, added }, "queue.md drained into the agent's queue");
    return { outcome: 'drained', added };
  };

  const finish = async (task: QueueTask, outcome: ClaimOutcome): Promise<JobResult> => {
    await d.producer.markDone(agent, task.id, outcome.kind === 'dead-lettered' || (outcome.kind === 'done-before' && d.host.isFailed(task.id))).catch((err: unknown) => log.warn({ agent, task: task.id, err }, 'could not record the task as done in Redis; `after:` falls back to git history'));
    await d.shared?.push();
    return { outcome: outcome.kind, ...('commit' in outcome && { commit: outcome.commit }) };
  };

  const run = async (job: Job, token: string, signal: AbortSignal): Promise<JobResult> => {
    const read = readJobData(job.data, String(job.id));
    if (!read.ok) throw new UnrecoverableError(read.reason);
    const { task } = read;
    const t0 = performance.now();
    await d.shared?.pull();
    await sync();
    const synced = performance.now();
    if (d.host.isDone(agent, task.id)) return finish(task, { kind: 'done-before' });
    const after = task.after ?? [];
    const deps = await d.producer.dependencies(after);
    const hooks = { afterCommit: () => push(task.id) };
    // A dependency that was dead-lettered is never met: the task cannot start, and says so.
    const failed = after.filter((id) => deps.failed.includes(id) || d.host.isFailed(id));
    if (failed.length) {
      const reason = failedAfterReason(failed);
      const commit = await d.host.deadLetter(agent, task, { kind: 'after-unresolvable', reason, attempts: 0 }, signal, hooks);
      return finish(task, { kind: 'dead-lettered', commit, reason });
    }
    const waiting = deps.pending.filter((id) => !d.host.isDone(undefined, id));
    if (waiting.length) return later(job, token, opts.afterPollMs);
    if (job.stalledCounter >= opts.maxStalls) {
      const reason = `the worker running this task was lost ${job.stalledCounter} times (its lease expired each time)`;
      const commit = await d.host.deadLetter(agent, task, { kind: 'crash-loop', reason, attempts: job.stalledCounter }, signal, hooks);
      return finish(task, { kind: 'dead-lettered', commit, reason });
    }
    let outcome: ClaimOutcome;
    try {
      outcome = await d.host.runClaimed(agent, task, signal, hooks);
    } catch (err) {
      if (err instanceof RecordedElsewhere) {
        log.warn({ agent, task: task.id }, 'another worker recorded this task first (its lease had expired here); kept theirs, dropped ours');
        return finish(task, { kind: 'done-before' });
      }
      d.clone(agent)?.forget();
      if (signal.aborted || hasCode(err, 'REMOTE_UNAVAILABLE', 'REMOTE_CONFLICT')) throw err;
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 < attempts) throw err; // BullMQ retries after its backoff
      const reason = err instanceof Error ? err.message : String(err);
      const commit = await d.host.deadLetter(agent, task, { kind: 'runtime-error', reason, attempts }, signal, hooks);
      return finish(task, { kind: 'dead-lettered', commit, reason });
    }
    if ('commit' in outcome) viewAt = outcome.commit; // a push that replayed it on a person's commit moved HEAD on: read again
    log.debug({ agent, task: task.id, outcome: outcome.kind, syncMs: Math.round(synced - t0), runMs: Math.round(performance.now() - synced) }, 'claimed task ran');
    if (outcome.kind === 'paused') return later(job, token, opts.approvalPollMs);
    if (outcome.kind === 'deferred') return later(job, token, Math.max(opts.afterPollMs, outcome.until - Date.now()));
    return finish(task, outcome);
  };

  // All three parameters, so that BullMQ makes the signal (it checks processor.length >= 3).
  const processor = async (job: Job, token: string | undefined, signal: AbortSignal | undefined): Promise<JobResult> => {
    if (!token || !signal) throw new Error('BullMQ called the processor without a lock token or signal');
    d.began(agent, job.name === DRAIN_JOB ? 'drain' : String(job.id));
    try {
      return job.name === DRAIN_JOB ? await drain() : await run(job, token, signal);
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      d.clone(agent)?.forget();
      if (signal.aborted && d.stopping()) {
        // A stop, not a failure: back to the front of the queue, for any worker.
        await withTimeout(job.moveToWait(token), opts.redisTimeoutMs, opts.redisUrl);
        throw new WaitingError();
      }
      if (hasCode(err, 'REMOTE_UNAVAILABLE', 'REMOTE_CONFLICT')) {
        log.warn({ agent, job: job.id, err: (err as Error).message }, 'the git remote refused; the task waits and runs again');
        return later(job, token, opts.backoffMs * 4);
      }
      throw err;
    } finally {
      cancelled.delete(String(job.id));
      d.ended(agent);
    }
  };

  const w = new Worker(queueName(agent), processor, {
    connection,
    prefix: opts.prefix,
    concurrency: 1,
    autorun: false,
    lockDuration: opts.lockDurationMs,
    stalledInterval: opts.stalledIntervalMs,
    // Our own count dead-letters a crash loop with a commit before BullMQ would fail the job.
    maxStalledCount: opts.maxStalls + 1,
    // After Redis comes back, fetch again within a second (BullMQ waits 15 s by default).
    runRetryDelay: 1000,
  });
  w.on('lockRenewalFailed', (ids: string[]) => {
    for (const id of ids) {
      if (cancelled.has(id)) continue; // renewal keeps failing until the task has stopped: cancel once
      cancelled.add(id);
      w.cancelJob(id, 'lease lost');
      log.warn({ agent, job: id }, 'lease lost (lock renewal failed): the task is cancelled before its commit');
    }
  });
  w.on('failed', (job, err) => {
    if (job) log.warn({ agent, job: job.id, attempt: job.attemptsMade, err: err.message }, 'task attempt failed');
  });
  w.on('error', (err) => log.debug({ agent, err: err.message }, 'worker error'));
  return w;
}
