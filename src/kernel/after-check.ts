// Which waiting tasks can never start: an `after:` id that no queue holds, no agent runs and
// none completed (after a grace: it may still be on its way), or a cycle of `after:` (at once).
// Looks at the other agents' queues only when this one does not hold an id.
import type { QueueTask } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { stuckTasks, type PickResult } from './schedule.ts';

export class AfterCheck {
  private readonly ctx: AgentContext;
  /** When each waiting task was first seen waiting for an id nobody holds (the grace runs from there). */
  private readonly unknownSince = new Map<string, number>();

  constructor(ctx: AgentContext) {
    this.ctx = ctx;
  }

  /**
   * The waiting tasks to dead-letter now, with why. `current` is this agent's running task; a
   * task still in its grace asks to be looked at again through `wakeIn`.
   */
  async due(waiting: PickResult['waiting'], own: QueueTask[], current: string | undefined, graceMs: number, wakeIn: (ms: number) => void): Promise<{ task: QueueTask; reason: string }[]> {
    const queued = new Map<string, readonly string[]>(own.map((t) => [t.id, t.after ?? []]));
    const running = new Set<string>(current ? [current] : []);
    const done = metDependency(this.ctx);
    const failed = { has: (id: string) => this.ctx.failed.has(id) || this.ctx.iac?.failed.has(id) === true };
    // Ids this queue does not hold may be queued or running at another agent: look there, now.
    if (this.ctx.peers && waiting.some((w) => w.on.some((id) => !queued.has(id)))) {
      const peers = await this.ctx.peers();
      for (const [id, after] of peers.queued) if (!queued.has(id)) queued.set(id, after);
      for (const id of peers.running) running.add(id);
    }
    const now = Date.now();
    const waitingIds = new Set(waiting.map((w) => w.task.id));
    for (const id of this.unknownSince.keys()) if (!waitingIds.has(id)) this.unknownSince.delete(id);
    const out: { task: QueueTask; reason: string }[] = [];
    for (const s of stuckTasks(waiting, { queued, running, done, failed })) {
      if (s.unknown) {
        const since = this.unknownSince.get(s.task.id) ?? now;
        this.unknownSince.set(s.task.id, since);
        if (now - since < graceMs) {
          wakeIn(since + graceMs - now + 10);
          continue;
        }
      }
      this.unknownSince.delete(s.task.id);
      out.push({ task: s.task, reason: s.reason });
    }
    return out;
  }
}

/** An `after:` id is met once its task completed, here or at another agent; a dead letter never meets it. */
export function metDependency(ctx: AgentContext): { has(id: string): boolean } {
  return { has: (id) => (ctx.done.has(id) && !ctx.failed.has(id)) || (ctx.iac !== undefined && ctx.iac.done.has(id) && !ctx.iac.failed.has(id)) };
}
