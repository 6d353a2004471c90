// One task an intake has claimed (cluster/), run now: exactly this task, under the claim's signal,
// returning what became of it instead of looping over queue.md. A failure the intake may retry
// throws (its attempts and backoff decide); a model that cannot answer dead-letters, as in the loop.
import { BudgetExceededError, ModelCallError } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';
import type { ResumePoint } from './act-port.ts';
import type { ClaimHooks, ClaimOutcome } from './intake-port.ts';
import { runTask } from './pipeline.ts';
import { budgetState } from './routing.ts';
import { isExpired } from './schedule.ts';
import type { AgentWorker } from './worker.ts';

/** How long a task whose lock (`locks:`) another task holds waits before it is tried again. */
const LOCK_RETRY_MS = 2000;

export async function runClaimed(w: AgentWorker, task: QueueTask, signal: AbortSignal, hooks: ClaimHooks = {}): Promise<ClaimOutcome> {
  const ctx = w.ctx;
  if (ctx.done.has(task.id)) return { kind: 'done-before' };
  let resume: ResumePoint | undefined;
  if (ctx.act) {
    // Paused tasks resume where they stopped once answered, on whichever worker claims them.
    resume = (await ctx.act.ready()).find((r) => r.task === task.id);
    if (!resume && (await ctx.act.pausedTasks()).has(task.id)) return { kind: 'paused', requests: [] };
  }
  const budget = budgetState(ctx);
  if (budget.paused) return { kind: 'deferred', until: Date.parse(budget.resumesAt), reason: budget.reason };
  if (!resume && isExpired(task, Date.now())) {
    return deadLettered(w, task, { kind: 'expired', reason: `ttl ${task.ttl ?? `${String(task.extra?.ttl_seconds)} s`} passed before the task could start`, attempts: 0 }, signal, hooks);
  }
  const blocked = ctx.iac?.blocked(w.name, task);
  if (blocked) return { kind: 'deferred', until: Date.now() + LOCK_RETRY_MS, reason: blocked };
  const release = ctx.iac?.acquire(w.name, task);
  try {
    ctx.events.emitEvent({ type: 'task.started', agent: w.name, task: task.id, at: Date.now() });
    const r = await runTask(ctx, ctx.iac ? await ctx.iac.prepare(task) : task, signal, resume);
    if ('paused' in r) {
      ctx.events.emitEvent({ type: 'task.paused', agent: w.name, task: task.id, requests: r.paused });
      ctx.log.info({ agent: w.name, task: task.id, requests: r.paused }, 'task paused: waiting for a person (agentos approvals)');
      return { kind: 'paused', requests: r.paused };
    }
    await hooks.afterCommit?.(r.commit);
    await w.completed(task, r);
    return { kind: 'committed', commit: r.commit, reward: r.summary.auditScore };
  } catch (err) {
    if (signal.aborted) throw err; // the claim was withdrawn (lease lost, stopping): nothing was committed
    if (err instanceof BudgetExceededError) return { kind: 'deferred', until: Date.parse(err.resumesAt), reason: err.message };
    if (err instanceof ModelCallError) return deadLettered(w, task, { kind: `model-${err.kind}`, reason: err.message, attempts: err.attempts }, signal, hooks);
    throw err;
  } finally {
    release?.();
  }
}

/** Dead-letters a claimed task (its commit, then the hook), returning the outcome. */
export async function deadLettered(
  w: AgentWorker, task: QueueTask, info: { kind: string; reason: string; attempts: number }, signal: AbortSignal, hooks: ClaimHooks = {},
): Promise<ClaimOutcome & { kind: 'dead-lettered' }> {
  let commit = '';
  await w.deadLetter(task, info, { signal, hooks: { afterCommit: async (c) => {
    commit = c;
    await hooks.afterCommit?.(c);
  } } });
  return { kind: 'dead-lettered', commit, reason: info.reason };
}
