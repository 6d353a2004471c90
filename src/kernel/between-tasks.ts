// Kernel operations that must never race a task (a revert, a rewind): each runs in the agent's
// worker between two tasks. With the worker idle it runs at once, and a task that wakes meanwhile
// waits for it; with the worker busy it is queued and the worker runs it before its next task.
// Bounded: at most MAX_PENDING operations wait per agent; more are refused with a clear error.
import { AgentOsError } from '../errors.ts';

export class WorkerBusyError extends AgentOsError<'UNAVAILABLE'> {}

export const MAX_PENDING = 16;

interface Op {
  run: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class BetweenTasks {
  readonly #queue: Op[] = [];
  /** The operation running while the worker was idle (a task started meanwhile awaits it). */
  #now: Promise<unknown> = Promise.resolve();
  #closed: Error | undefined;

  get pending(): boolean {
    return this.#queue.length > 0;
  }

  /** Runs `op` at once (`idle`) or queues it for the worker's next turn between tasks. */
  schedule<T>(op: () => Promise<T>, idle: boolean, agent: string): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (idle) {
      const p = this.#now.then(op);
      this.#now = p.catch(() => {});
      return p;
    }
    if (this.#queue.length >= MAX_PENDING) return Promise.reject(new WorkerBusyError('UNAVAILABLE', `${MAX_PENDING} operations already wait for agent ${agent}'s current task to end; try again when they are done`));
    return new Promise<T>((resolve, reject) => this.#queue.push({ run: op, resolve: resolve as (v: unknown) => void, reject }));
  }

  /** The worker, between tasks: waits for an operation started while idle, then runs the queued ones in order. */
  async runPending(): Promise<void> {
    await this.#now;
    for (let op = this.#queue.shift(); op; op = this.#queue.shift()) {
      try {
        op.resolve(await op.run());
      } catch (e) {
        op.reject(e);
      }
    }
  }

  /** Stopping: queued operations are refused (nothing ran of them). */
  close(reason: Error): void {
    this.#closed = reason;
    for (const op of this.#queue.splice(0)) op.reject(reason);
  }
}
