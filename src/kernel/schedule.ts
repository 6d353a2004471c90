// Which task runs next: pure, so the rule is tested alone.
import { orderTasks, type QueueTask } from '../store/index.ts';

export interface Pick {
  next?: QueueTask;
  /** Tasks whose id was already completed: they cannot run again. */
  alreadyDone: QueueTask[];
  /** Tasks waiting on `after:` ids that have not completed. */
  waiting: { task: QueueTask; on: string[] }[];
}

/** `after` answers for dependencies (done anywhere in the runtime); it defaults to `done`. */
export function pickNext(tasks: readonly QueueTask[], done: ReadonlySet<string>, after: { has(id: string): boolean } = done): Pick {
  const alreadyDone: QueueTask[] = [];
  const waiting: Pick['waiting'] = [];
  let next: QueueTask | undefined;
  for (const task of orderTasks(tasks)) {
    if (done.has(task.id)) {
      alreadyDone.push(task);
      continue;
    }
    const on = (task.after ?? []).filter((id) => !done.has(id) && !after.has(id));
    if (on.length > 0) {
      waiting.push({ task, on });
      continue;
    }
    next ??= task;
  }
  return { next, alreadyDone, waiting };
}

/** `ttl:` as seconds or a duration like 90s, 10m, 2h, 1d. */
export function ttlMs(ttl: string | number | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl === 'number') return ttl * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(ttl);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's'] ?? 1000;
  return Number(m[1]) * unit;
}

/** `ttl:`, or an inbox message's `ttl_seconds:` (seed 001's comment), whichever is shorter. */
export function isExpired(task: QueueTask, now: number): boolean {
  const secs = task.extra?.ttl_seconds;
  const msgMs = typeof secs === 'number' && secs > 0 ? secs * 1000 : undefined;
  const ttl = ttlMs(task.ttl);
  const ms = ttl === undefined ? msgMs : msgMs === undefined ? ttl : Math.min(ttl, msgMs);
  const created = Date.parse(task.created);
  return ms !== undefined && Number.isFinite(created) && created + ms < now;
}
