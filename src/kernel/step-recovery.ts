// What the worker does with step checkpoints: a queued task with one resumes from its last step
// (step-resume.ts settles the interrupted step's calls), before any other task runs; a call whose
// outcome is unknown is reported and, unless idempotent, waits for a person through the approval
// store. A checkpoint of a task that left the queue, or was committed, is removed. Once a task's
// commit is durable its checkpoint goes (taskCommitted), and so does a dead-lettered task's.
import type { ToolSet } from 'ai';
import type { QueueTask } from '../store/index.ts';
import type { ActSession, CallKind, ResumePoint } from './act-port.ts';
import type { AgentContext } from './agent-context.ts';
import type { StepRecorder } from './step-checkpoints.ts';
import { planResume, type ResumePlan } from './step-resume.ts';

export interface Interrupted {
  task: QueueTask;
  /** Absent when the task was handed to a person (paused) instead of resumed. */
  resume?: ResumePoint;
}

const ZERO = { inputTokens: 0, outputTokens: 0 };

/** The first queued task a crash interrupted, ready to resume (or now paused for a person). */
export async function nextInterrupted(ctx: AgentContext, tasks: QueueTask[]): Promise<Interrupted | undefined> {
  const store = ctx.checkpoints;
  if (!store) return undefined;
  const agent = ctx.config.name;
  for (const id of await store.tasks()) {
    const task = tasks.find((t) => t.id === id);
    if (!task || ctx.done.has(id)) {
      await store.remove(id); // the task left the queue or is committed: nothing to resume
      continue;
    }
    const cp = await store.read(id);
    if (cp === undefined || cp === 'newer') continue;
    if (cp.phase === 'paused') {
      // The pause was being handed to the approval store when the runtime stopped.
      if (ctx.act && !(await ctx.act.pausedTasks()).has(id)) await pause(ctx, task, cp.system, cp.messages, cp.pending ?? [], cp.records, cp.usage);
      await store.remove(id);
      return { task };
    }
    const plan = planResume(cp, await kinds(ctx, cp.open?.calls.map((c) => c.tool) ?? [], cp.messages));
    const notes = resumeNotes(cp.steps, plan);
    for (const n of notes) ctx.log.warn({ agent, task: id }, n);
    if (plan.ask.length > 0) {
      if (ctx.act) {
        await pause(ctx, task, cp.system, plan.messages, plan.ask, cp.records, cp.usage);
        await store.remove(id);
        return { task };
      }
      // No tool runtime, so nobody to ask: the calls are denied (the model hears so) and reported.
      plan.messages = denyAll(plan);
    }
    const progressed = cp.seq > (cp.resumedSeq ?? 0);
    return {
      task,
      resume: {
        task: id, system: cp.system, messages: plan.messages, usage: ZERO, records: cp.records, notes,
        checkpoint: { steps: cp.steps, seq: cp.seq, progressed, exchanges: cp.exchanges },
      },
    };
  }
  return undefined;
}

/** Each tool's CallKind, from the act port (or, without one, from the plain tools). */
async function kinds(ctx: AgentContext, tools: string[], messages: ResumePoint['messages']): Promise<(tool: string) => CallKind> {
  const names = new Set(tools);
  for (const m of messages) if (m.role === 'assistant' && typeof m.content !== 'string') for (const p of m.content) if (p.type === 'tool-call') names.add(p.toolName);
  const map = new Map<string, CallKind>();
  const plain: ToolSet | undefined = ctx.act ? undefined : ctx.tools();
  for (const n of names) {
    if (ctx.act) map.set(n, await ctx.act.callKind(n));
    else map.set(n, !plain?.[n]?.execute ? 'person' : plain[n].needsApproval === true ? 'gated' : 'effect');
  }
  return (tool) => map.get(tool) ?? 'effect';
}

async function pause(ctx: AgentContext, task: QueueTask, system: string, messages: ResumePoint['messages'], pending: ResumePlan['ask'], records: ResumePoint['records'], usage = ZERO): Promise<void> {
  const ids = await ctx.act!.pause(task, undefined, { system, messages, pending, usage, records });
  ids.forEach((request, i) => {
    const p = pending[i];
    ctx.events.emitEvent({ type: 'approval.waiting', agent: ctx.config.name, task: task.id, request, kind: p?.kind ?? 'approval', ...(p?.toolName && { tool: p.toolName }) });
  });
  ctx.events.emitEvent({ type: 'task.paused', agent: ctx.config.name, task: task.id, requests: ids });
  ctx.log.warn({ agent: ctx.config.name, task: task.id, requests: ids }, 'resumed task paused: a call of unknown outcome waits for a person (agentos approvals)');
}

function denyAll(plan: ResumePlan): ResumePoint['messages'] {
  const reason = 'outcome unknown after a restart, and no person can be asked (no tool runtime): not run again';
  const denials = plan.ask.filter((a) => a.approvalId).map((a) => ({ type: 'tool-approval-response' as const, approvalId: a.approvalId!, approved: false, reason }));
  const last = plan.messages.at(-1);
  if (last?.role === 'tool') return [...plan.messages.slice(0, -1), { role: 'tool', content: [...last.content, ...denials] }];
  return [...plan.messages, { role: 'tool', content: denials }];
}

/** What the resume did, in lines for the log and the task's commit. */
export function resumeNotes(steps: number, plan: ResumePlan): string[] {
  const n = (ids: unknown[], what: string) => (ids.length ? `${ids.length} ${what}` : undefined);
  const parts = [
    n(plan.reused, 'recorded result(s) reused, not run again'),
    n(plan.run, 'call(s) never started, run now'),
    n(plan.rerun, 'read-only call(s) of unknown outcome run again'),
    n(plan.ask.filter((a) => a.note), 'call(s) of unknown outcome asked of a person'),
    n(plan.ask.filter((a) => !a.note), 'call(s) waiting for a person as before'),
  ].filter(Boolean);
  return [`resumed: from a step checkpoint at step ${steps + 1}${parts.length ? `; ${parts.join('; ')}` : ''}`];
}

/** The task is committed (its commit durable) or dead-lettered: its checkpoint goes. */
export async function dropCheckpoint(ctx: AgentContext, task: string): Promise<void> {
  try {
    await ctx.checkpoints?.remove(task);
  } catch (err) {
    // A leftover checkpoint of a committed task is removed at the next start (its id is done).
    ctx.log.warn({ agent: ctx.config.name, task, err }, 'could not remove the step checkpoint; it goes at the next start');
  }
}

/** The recorder of one task run (absent without a checkpoint store), continuing a resumed checkpoint's counts. */
export function stepRecorder(ctx: AgentContext, task: string, system: string, session: ActSession | undefined, resume: ResumePoint | undefined, exchanges: () => number): StepRecorder | undefined {
  const c = resume?.checkpoint;
  return ctx.checkpoints?.recorder({
    task, system, exchanges,
    records: () => session?.records() ?? [],
    ...(c && { from: { steps: c.steps, seq: c.seq, usage: resume!.usage } }),
  });
}
