// Waiting for a task submitted through the API (the OpenAI-compatible endpoint, the MCP server):
// subscribe before the task is queued, so nothing is missed, then wait for how it ends here —
// committed (with its answer), dead-lettered, paused for a person — or stop waiting after a bound
// or when the client goes away. Stopping to wait never touches the task: it stays queued and runs.
import type { Runtime, RuntimeEvent, RuntimeEvents, TaskAnswer } from '../kernel/index.ts';
import type { NewTask } from '../store/index.ts';

export type TaskOutcome =
  | { status: 'completed'; agent: string; task: string; commit: string; answer: string; reward: number; model?: string }
  | { status: 'dead_lettered'; agent: string; task: string; commit: string; reason: string; kind?: string }
  | { status: 'paused'; agent: string; task: string; requests: string[] }
  /** Still queued or running: the wait ran out (`timeout`) or the client went away (`detached`). */
  | { status: 'running'; agent: string; task: string; why: 'timeout' | 'detached'; waitedMs: number };

/** Events of this task worth telling a waiting client about (a streamed answer's progress). */
export const PROGRESS_EVENTS = new Set(['task.started', 'model.call', 'tool.called', 'approval.waiting', 'approval.decided']);

export interface TaskWatch {
  /** Resolves once the task ends here, `timeoutMs` passes, or `signal` aborts; called once. */
  outcome(timeoutMs: number, signal?: AbortSignal): Promise<TaskOutcome>;
  /** Progress of this task (PROGRESS_EVENTS), as it happens. */
  onProgress(listener: (e: RuntimeEvent) => void): void;
  /** Stops listening (idempotent); outcome() resolves as `detached` if still waiting. */
  dispose(): void;
}

/** Call before the task is queued: events of a fast task may arrive before enqueue returns. */
export function watchTask(events: RuntimeEvents, agent: string, task: string): TaskWatch {
  let settled: TaskOutcome | undefined;
  let answer: TaskAnswer | undefined;
  let resolve: ((o: TaskOutcome) => void) | undefined;
  let progress: ((e: RuntimeEvent) => void) | undefined;
  let started = Date.now();
  let disposed = false;

  const settle = (o: TaskOutcome) => {
    if (settled) return;
    settled = o;
    off();
    resolve?.(o);
  };
  const onEvent = (e: RuntimeEvent) => {
    if (e.agent !== agent || !('task' in e) || e.task !== task) return;
    if (e.type === 'task.completed') {
      settle({ status: 'completed', agent, task, commit: e.commit, answer: answer?.commit === e.commit ? answer.answer : '', reward: e.reward, ...(e.model && { model: e.model }) });
    } else if (e.type === 'task.dead_lettered') {
      settle({ status: 'dead_lettered', agent, task, commit: e.commit, reason: e.reason, ...(e.kind && { kind: e.kind }) });
    } else if (e.type === 'task.paused') {
      settle({ status: 'paused', agent, task, requests: e.requests });
    } else if (PROGRESS_EVENTS.has(e.type)) {
      try {
        progress?.(e);
      } catch {
        // a client's progress listener never fails the runtime's event
      }
    }
  };
  const onAnswer = (a: TaskAnswer) => {
    if (a.agent === agent && a.task === task) answer = a;
  };
  events.on('event', onEvent);
  events.on('answer', onAnswer);
  function off() {
    events.off('event', onEvent);
    events.off('answer', onAnswer);
  }

  return {
    outcome(timeoutMs, signal) {
      if (settled) return Promise.resolve(settled);
      started = Date.now();
      return new Promise((r) => {
        const timer = setTimeout(() => settle({ status: 'running', agent, task, why: 'timeout', waitedMs: Date.now() - started }), timeoutMs);
        const onAbort = () => settle({ status: 'running', agent, task, why: 'detached', waitedMs: Date.now() - started });
        resolve = (o) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          r(o);
        };
        if (signal?.aborted || disposed) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    onProgress(listener) {
      progress = listener;
    },
    dispose() {
      disposed = true;
      settle({ status: 'running', agent, task, why: 'detached', waitedMs: Date.now() - started });
    },
  };
}

/** Queues `task` for `agent` (backpressure and duplicate ids refuse it) and watches it. */
export async function submitWatched(runtime: Runtime, agent: string, task: NewTask): Promise<TaskWatch> {
  const watch = watchTask(runtime.events, agent, task.id);
  try {
    await runtime.enqueue(agent, task);
  } catch (err) {
    watch.dispose();
    throw err;
  }
  return watch;
}
