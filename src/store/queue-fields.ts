// Field rules of a queue.md block, shared by the parser and the serializer.
import { checkJudges } from './judge-spec.ts';
import type { Priority, QueueTask } from './types.ts';

/** Bounds of a queue.md block (agents.yaml `queue:`; config/limits-schema.ts reads them into this). */
export interface QueueLimits {
  maxTaskBytes: number;
  maxBlockBytes: number;
  maxBlockKeys: number;
  /** The runtime's daemon waits this long for an unknown `after:` id to appear (`run --once` waits until all rest). */
  afterGraceMs: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxTaskBytes: 64 * 1024, maxBlockBytes: 128 * 1024, maxBlockKeys: 64, afterGraceMs: 60_000 };

const TTL_RE = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `ttl:` in milliseconds: seconds as a number, or a duration like 90s, 10m, 2h, 1d; undefined when it is neither. */
export function ttlMs(ttl: string | number | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl === 'number') return Number.isFinite(ttl) ? ttl * 1000 : undefined;
  const m = TTL_RE.exec(ttl);
  if (!m) return undefined;
  return Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000);
}

/** "64 KiB", "1.5 MiB": sizes in reasons people read. */
export function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export const TASK_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const PRIORITIES: readonly Priority[] = ['high', 'normal', 'low'];
export const KNOWN_KEYS = new Set(['task', 'priority', 'created', 'verify', 'ttl', 'tags', 'after', 'judges']);

const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

export function isValidTaskId(id: string): boolean {
  return TASK_ID_RE.test(id);
}

/** ISO 8601 date or date-time that Date.parse understands. */
export function isIsoTimestamp(s: string): boolean {
  return ISO_RE.test(s) && !Number.isNaN(Date.parse(s));
}

export function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function idProblem(id: string): string | undefined {
  if (id === '') return 'empty task id after "## "';
  if (!TASK_ID_RE.test(id)) {
    return `invalid task id ${show(id)}: expected 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit`;
  }
  return undefined;
}

/** Checked optional fields of a task; `problems` holds [key, message] for each bad one. */
export type CheckedFields = Pick<QueueTask, 'priority' | 'created' | 'verify' | 'ttl' | 'tags' | 'after' | 'judges'> & {
  task?: string;
  problems: [key: string, message: string][];
};

function stringList(key: string, v: unknown, problems: [string, string][], ids: boolean): string[] | undefined {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    problems.push([key, `${key} must be a list of strings (got ${show(v)})`]);
    return undefined;
  }
  if (ids) {
    const bad = list.find((x) => !TASK_ID_RE.test(x));
    if (bad !== undefined) problems.push([key, `${key} holds ${show(bad)}, which is not a valid task id`]);
  }
  return list;
}

export interface FieldOptions {
  /** The block's own id: `after:` may not name it. */
  id?: string;
  /** Longest `task:` text in UTF-8 bytes (queue.max_task_kb). */
  maxTaskBytes?: number;
}

/** Check the known keys of a block's mapping. null counts as absent, as YAML `key:` reads. */
export function checkFields(m: Record<string, unknown>, opts: FieldOptions = {}): CheckedFields {
  const problems: [string, string][] = [];
  const out: CheckedFields = { priority: 'normal', created: '', problems };
  const task = m.task;
  const maxTask = opts.maxTaskBytes ?? DEFAULT_QUEUE_LIMITS.maxTaskBytes;
  if (task === undefined || task === null) problems.push(['task', 'missing required key "task"']);
  else if (typeof task !== 'string' || task.trim() === '') problems.push(['task', `task must be a non-empty string (got ${show(task)})`]);
  else if (task.length > maxTask / 4 && Buffer.byteLength(task) > maxTask) {
    problems.push(['task', `task is ${kib(Buffer.byteLength(task))}, over the limit of ${kib(maxTask)} (queue.max_task_kb in agents.yaml): shorten it, or put the material in a file the task names`]);
  } else out.task = task;

  const p = m.priority;
  if (p !== undefined && p !== null) {
    if (typeof p === 'string' && (PRIORITIES as readonly string[]).includes(p)) out.priority = p as Priority;
    else problems.push(['priority', `priority must be high, normal or low (got ${show(p)})`]);
  }
  const c = m.created;
  if (c !== undefined && c !== null) {
    if (typeof c === 'string' && isIsoTimestamp(c)) out.created = c;
    else problems.push(['created', `created must be an ISO 8601 timestamp such as 2026-04-29T10:05:00Z (got ${show(c)})`]);
  }
  const v = m.verify;
  if (v !== undefined && v !== null) {
    if (typeof v === 'string') out.verify = v;
    else problems.push(['verify', `verify must be a command string (got ${show(v)})`]);
  }
  const t = m.ttl;
  if (t !== undefined && t !== null) {
    const ms = typeof t === 'number' || typeof t === 'string' ? ttlMs(t) : undefined;
    if (ms !== undefined && ms > 0) out.ttl = t as string | number;
    else problems.push(['ttl', `ttl must be a positive number of seconds or a duration such as 90s, 10m, 2h, 1d (got ${show(t)})`]);
  }
  if (m.tags !== undefined && m.tags !== null) out.tags = stringList('tags', m.tags, problems, false);
  if (m.after !== undefined && m.after !== null) {
    out.after = stringList('after', m.after, problems, true);
    if (opts.id !== undefined && out.after?.includes(opts.id)) problems.push(['after', `after names the task itself ("${opts.id}"): it would wait forever; remove it`]);
  }
  if (m.judges !== undefined && m.judges !== null) {
    const j = checkJudges(m.judges);
    if ('judges' in j) out.judges = j.judges;
    else problems.push(['judges', j.problem]);
  }
  return out;
}
