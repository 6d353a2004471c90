// Field rules of a queue.md block, shared by the parser and the serializer.
import { checkJudges } from './judge-spec.ts';
import type { Priority, QueueTask } from './types.ts';

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

/** Check the known keys of a block's mapping. null counts as absent, as YAML `key:` reads. */
export function checkFields(m: Record<string, unknown>): CheckedFields {
  const problems: [string, string][] = [];
  const out: CheckedFields = { priority: 'normal', created: '', problems };
  const task = m.task;
  if (task === undefined || task === null) problems.push(['task', 'missing required key "task"']);
  else if (typeof task !== 'string' || task.trim() === '') problems.push(['task', `task must be a non-empty string (got ${show(task)})`]);
  else out.task = task;

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
    if ((typeof t === 'number' && Number.isFinite(t)) || (typeof t === 'string' && t.trim() !== '')) out.ttl = t;
    else problems.push(['ttl', `ttl must be a number of seconds or a duration such as "10m" (got ${show(t)})`]);
  }
  if (m.tags !== undefined && m.tags !== null) out.tags = stringList('tags', m.tags, problems, false);
  if (m.after !== undefined && m.after !== null) out.after = stringList('after', m.after, problems, true);
  if (m.judges !== undefined && m.judges !== null) {
    const j = checkJudges(m.judges);
    if ('judges' in j) out.judges = j.judges;
    else problems.push(['judges', j.problem]);
  }
  return out;
}
