// Which task runs next: pure, so the rule is tested alone.
import { orderTasks, ttlMs, type QueueTask } from '../store/index.ts';

export interface PickResult {
  next?: QueueTask;
  /** Tasks whose id was already completed: they cannot run again. */
  alreadyDone: QueueTask[];
  /** Tasks waiting on `after:` ids that have not completed. */
  waiting: { task: QueueTask; on: string[] }[];
}

/** `after` answers for dependencies (completed anywhere in the runtime, not dead-lettered); it defaults to `done`. */
export function pickNext(tasks: readonly QueueTask[], done: ReadonlySet<string>, after: { has(id: string): boolean } = done): PickResult {
  const alreadyDone: QueueTask[] = [];
  const waiting: PickResult['waiting'] = [];
  let next: QueueTask | undefined;
  for (const task of orderTasks(tasks)) {
    if (done.has(task.id)) {
      alreadyDone.push(task);
      continue;
    }
    const on = (task.after ?? []).filter((id) => !after.has(id));
    if (on.length > 0) {
      waiting.push({ task, on });
      continue;
    }
    next ??= task;
  }
  return { next, alreadyDone, waiting };
}

/** `ttl:` as seconds or a duration like 90s, 10m, 2h, 1d (the store's rule). */
export { ttlMs };

/** `ttl:`, or an inbox message's `ttl_seconds:` (seed 001's comment), whichever is shorter. */
export function isExpired(task: QueueTask, now: number): boolean {
  const secs = task.extra?.ttl_seconds;
  const msgMs = typeof secs === 'number' && secs > 0 ? secs * 1000 : undefined;
  const ttl = ttlMs(task.ttl);
  const ms = ttl === undefined ? msgMs : msgMs === undefined ? ttl : Math.min(ttl, msgMs);
  const created = Date.parse(task.created);
  return ms !== undefined && Number.isFinite(created) && created + ms < now;
}

/** Who holds which task right now, across the runtime's agents (for `after:` checks). */
export interface WaitGraph {
  /** Every queued task's id → the ids it waits for. */
  queued: ReadonlyMap<string, readonly string[]>;
  /** Tasks being run (out of queue.md during their commit, not yet done). */
  running: ReadonlySet<string>;
  done: { has(id: string): boolean };
  /** Dead-lettered ids: a task waiting for one can never start. */
  failed?: { has(id: string): boolean };
}

/**
 * Waiting tasks that can never start: one that waits for an id no queue holds, no agent runs
 * and none completed, and each task on a cycle of `after:` (found once, by strongly connected
 * components, so a long queue costs one pass). Pure.
 */
export function stuckTasks(waiting: PickResult['waiting'], g: WaitGraph): { task: QueueTask; reason: string; unknown: boolean }[] {
  const out: { task: QueueTask; reason: string; unknown: boolean }[] = [];
  const cyclic = cycles(g);
  for (const { task, on } of waiting) {
    const failed = on.filter((id) => g.failed?.has(id));
    if (failed.length) {
      out.push({ task, reason: failedAfterReason(failed), unknown: false });
      continue;
    }
    const unknown = on.filter((id) => !g.queued.has(id) && !g.running.has(id) && !g.done.has(id));
    if (unknown.length) {
      out.push({ task, reason: `after: waits for ${unknown.map((id) => `"${id}"`).join(', ')}, which no queue holds and no agent has completed (a typo, or a task never enqueued or already rejected); enqueue the task it waits for first, then this one again`, unknown: true });
      continue;
    }
    const members = cyclic.get(task.id);
    const at = members?.indexOf(task.id) ?? 0;
    const ring = members && [...members.slice(at), ...members.slice(0, at)];
    if (ring) out.push({ task, reason: `after: forms a cycle (${ring.slice(0, 10).join(' → ')}${ring.length > 10 ? ' → …' : ''} → ${ring[0]}): none of them can start; break the cycle and enqueue them again`, unknown: false });
  }
  return out;
}

/** Each task on a cycle of not-done `after:` edges → the members of its cycle (Tarjan, iterative). */
function cycles(g: WaitGraph): Map<string, string[]> {
  const edges = (id: string) => (g.queued.get(id) ?? []).filter((d) => g.queued.has(d) && !g.done.has(d));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found = new Map<string, string[]>();
  let next = 0;
  for (const root of g.queued.keys()) {
    if (index.has(root) || g.done.has(root)) continue;
    const work: { id: string; deps: string[]; i: number }[] = [{ id: root, deps: edges(root), i: 0 }];
    index.set(root, next), low.set(root, next++), stack.push(root), onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.deps.length) {
        const d = top.deps[top.i++];
        if (!index.has(d)) {
          index.set(d, next), low.set(d, next++), stack.push(d), onStack.add(d);
          work.push({ id: d, deps: edges(d), i: 0 });
        } else if (onStack.has(d)) low.set(top.id, Math.min(low.get(top.id)!, index.get(d)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
      if (low.get(top.id) !== index.get(top.id)) continue;
      const members: string[] = [];
      for (let x = stack.pop()!; ; x = stack.pop()!) {
        onStack.delete(x);
        members.push(x);
        if (x === top.id) break;
      }
      const selfLoop = members.length === 1 && edges(members[0]).includes(members[0]);
      if (members.length > 1 || selfLoop) {
        const ring = members.reverse();
        for (const m of ring) found.set(m, ring);
      }
    }
  }
  return found;
}

/** Why a task whose `after:` names dead-lettered tasks can never start (the runtime's and the cluster's words). */
export function failedAfterReason(ids: readonly string[]): string {
  return `after: waits for ${ids.map((id) => `"${id}"`).join(', ')}, which was dead-lettered and will never complete (agentos status shows why); fix that task and enqueue it again under a new id, then this one with after: on it`;
}
