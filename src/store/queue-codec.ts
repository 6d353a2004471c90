// Pure codec of queue.md (DESIGN.md "queue.md"): parse, order, and remove blocks byte-exactly.
// Choices where the design is silent:
// - a block runs from a column-0 `## ` line to the next one; a trailing blank line belongs to it;
// - `created` is optional: missing reads as '' and runs last within its priority; when present it
//   must be ISO 8601 (date or date-time) or the block is rejected;
// - `tags`/`after` accept one string for a one-item list; `after` items must be valid task ids;
// - the first *valid* block claims an id: a malformed block does not, so its corrected copy runs;
// - `priority:` / `created:` with no value read as absent.
import YAML, { LineCounter, isMap, isPair, isScalar } from 'yaml';
import type { Priority, QueueTask, RejectedBlock } from './types.ts';
import { splitBlocks, cutSpans, type BlockSpan } from './queue-blocks.ts';
import { checkFields, DEFAULT_QUEUE_LIMITS, idProblem, kib, KNOWN_KEYS, type QueueLimits } from './queue-fields.ts';
import { yamlErrorDetail } from './frontmatter.ts';

export { serializeTask, type NewTask } from './queue-serialize.ts';
export { TASK_ID_RE, isValidTaskId, isIsoTimestamp, ttlMs, DEFAULT_QUEUE_LIMITS, type QueueLimits } from './queue-fields.ts';
export { splitBlocks, type BlockSpan } from './queue-blocks.ts';

export interface ParseOptions {
  /**
   * Hold back a last block whose last line has no newline yet (a person's append in progress):
   * it is neither a task nor rejected, only reported as `partial`. Default true.
   */
  holdPartialTail?: boolean;
  /** Bytes and keys per block, task size (agents.yaml `queue:`); DEFAULT_QUEUE_LIMITS when absent. */
  limits?: QueueLimits;
}

export interface PartialBlock {
  line: number;
  raw: string;
}

export interface ParsedQueue {
  tasks: QueueTask[];
  rejected: RejectedBlock[];
  partial: PartialBlock | null;
}

type BlockResult = { ok: true; task: Omit<QueueTask, 'line'> } | { ok: false; id?: string; reason: string };

// Reasons are computed with line numbers relative to the header (marked \0n\0) so a block's
// result can be cached by its text alone and placed at any line: parsing YAML is the costly part.
const rel = (n: number) => `line \u0000${n}\u0000`;
const place = (reason: string, headerLine: number) => reason.replace(/\u0000(\d+)\u0000/g, (_, n) => String(headerLine + Number(n)));

function parseBlock(raw: string, header: string, limits: QueueLimits): BlockResult {
  const badId = idProblem(header);
  if (badId) return { ok: false, reason: `${rel(0)}: ${badId}` };
  const id = header;
  // Size first, before any parsing: the cost of what follows grows with the block.
  const bytes = raw.length > limits.maxBlockBytes / 4 ? Buffer.byteLength(raw) : raw.length;
  if (bytes > limits.maxBlockBytes) {
    return { ok: false, id, reason: `${rel(0)}: task "${id}" is a ${kib(bytes)} block, over the limit of ${kib(limits.maxBlockBytes)} per block (queue.max_block_kb in agents.yaml): shorten it, or put the material in a file the task names` };
  }
  const nl = raw.indexOf('\n');
  const body = nl === -1 ? '' : raw.slice(nl + 1);

  const lc = new LineCounter();
  let data: unknown;
  let doc: YAML.Document.Parsed;
  try {
    // Keys are checked for uniqueness below, in one pass: yaml's own check compares every pair.
    doc = YAML.parseDocument(body, { prettyErrors: false, uniqueKeys: false, lineCounter: lc });
    const keys = keyProblem(doc, limits.maxBlockKeys);
    if (keys) {
      const where = keys.offset === undefined ? rel(1) : rel(lc.linePos(keys.offset).line);
      return { ok: false, id, reason: `${where}: ${keys.message} in task "${id}"` };
    }
    if (doc.errors.length) {
      const e = doc.errors[0];
      const p = lc.linePos(e.pos[0]);
      // An error found at the end of input is reported on the block's last non-blank line.
      const last = body.trimEnd().split('\n').length;
      const where = p.line > last ? rel(last) : `${rel(p.line)}, column ${p.col}`;
      return { ok: false, id, reason: `${where}: invalid YAML in task "${id}": ${yamlErrorDetail(e.message)}` };
    }
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, id, reason: `${rel(1)}: invalid YAML in task "${id}": ${(e as Error).message}` };
  }
  if (data === null || data === undefined) {
    return { ok: false, id, reason: `${rel(0)}: task "${id}" has no body: expected "task: ..." on the next line` };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, id, reason: `${rel(1)}: task "${id}" must be "key: value" lines (got ${Array.isArray(data) ? 'a list' : 'a bare value'})` };
  }
  const m = data as Record<string, unknown>;
  const f = checkFields(m, { id, maxTaskBytes: limits.maxTaskBytes });
  if (f.problems.length || f.task === undefined) {
    const keyLine = (key: string): number => {
      const contents = doc.contents;
      if (!isMap(contents)) return 0;
      for (const item of contents.items) {
        if (isPair(item) && isScalar(item.key) && String(item.key.value) === key && item.key.range) {
          return lc.linePos(item.key.range[0]).line;
        }
      }
      return 0;
    };
    const reason = f.problems.map(([k, msg]) => `${rel(keyLine(k))}: ${msg}`).join('; ');
    return { ok: false, id, reason: `${reason} (task "${id}")` };
  }
  const task: Omit<QueueTask, 'line'> = { id, task: f.task, priority: f.priority, created: f.created };
  if (f.verify !== undefined) task.verify = f.verify;
  if (f.ttl !== undefined) task.ttl = f.ttl;
  if (f.tags !== undefined) task.tags = f.tags;
  if (f.after !== undefined) task.after = f.after;
  if (f.judges !== undefined) task.judges = f.judges;
  const extraKeys = Object.keys(m).filter((k) => !KNOWN_KEYS.has(k));
  if (extraKeys.length) task.extra = Object.fromEntries(extraKeys.map((k) => [k, m[k]]));
  return { ok: true, task };
}

/**
 * Keys of the block's mappings (nested ones too), counted in one walk: more than `max`, or a key
 * repeated within one mapping, is a problem; `offset` points at the key that broke the rule.
 */
function keyProblem(doc: YAML.Document.Parsed, max: number): { message: string; offset?: number } | undefined {
  let count = 0;
  let found: { message: string; offset?: number } | undefined;
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const item of map.items) {
        const k = item.key;
        const offset = (k as { range?: [number, number, number] } | null)?.range?.[0];
        if (++count > max) {
          found = { message: `more than ${max} keys (queue.max_block_keys in agents.yaml)`, offset };
          return YAML.visit.BREAK;
        }
        const name = isScalar(k) ? k.value : k === null ? null : String(k);
        if (seen.has(name)) {
          found = { message: `duplicate key ${JSON.stringify(String(name)).slice(0, 60)}`, offset };
          return YAML.visit.BREAK;
        }
        seen.add(name);
      }
      return undefined;
    },
  });
  return found;
}

const CACHE_MAX = 4096;
const cache = new Map<string, BlockResult>();

/** parseBlock memoized by block text (and the limits); callers get their own copy of a task. */
function parseBlockAt(raw: string, span: BlockSpan, limits: QueueLimits): { ok: true; task: QueueTask } | { ok: false; id?: string; reason: string } {
  const key = limits === DEFAULT_QUEUE_LIMITS ? raw : `${limits.maxBlockBytes}/${limits.maxBlockKeys}/${limits.maxTaskBytes}\u0000${raw}`;
  let r = cache.get(key);
  if (!r) {
    r = parseBlock(raw, span.header, limits);
    if (cache.size >= CACHE_MAX) cache.clear();
    // A block over the size limit is not kept: its text is large and its result cheap to find again.
    if (r.ok || raw.length <= limits.maxBlockBytes) cache.set(key, r);
  }
  if (r.ok) {
    const t: QueueTask = { ...r.task, line: span.line };
    if (t.tags) t.tags = [...t.tags];
    if (t.after) t.after = [...t.after];
    if (t.judges) t.judges = structuredClone(t.judges);
    if (t.extra) t.extra = structuredClone(t.extra);
    return { ok: true, task: t };
  }
  return r.id === undefined ? { ok: false, reason: place(r.reason, span.line) } : { ok: false, id: r.id, reason: place(r.reason, span.line) };
}

/**
 * Parse queue.md. Never throws. A malformed block, and every later block repeating the id of
 * an earlier valid one, becomes a RejectedBlock; a malformed block does not claim its id, so a
 * corrected copy appended later still runs. Line numbers are lines of queue.md.
 */
export function parseQueue(text: string, opts: ParseOptions = {}): ParsedQueue {
  const hold = opts.holdPartialTail !== false;
  const limits = opts.limits ?? DEFAULT_QUEUE_LIMITS;
  const tasks: QueueTask[] = [];
  const rejected: RejectedBlock[] = [];
  let partial: PartialBlock | null = null;
  const seen = new Map<string, number>();
  for (const span of splitBlocks(text)) {
    const raw = text.slice(span.start, span.end);
    if (span.partial && hold) {
      partial = { line: span.line, raw };
      continue;
    }
    const r = parseBlockAt(raw, span, limits);
    if (!r.ok) {
      rejected.push(r.id === undefined ? { line: span.line, reason: r.reason, raw } : { id: r.id, line: span.line, reason: r.reason, raw });
      continue;
    }
    const first = seen.get(r.task.id);
    if (first !== undefined) {
      const reason = `line ${span.line}: duplicate task id "${r.task.id}": already used by the task at line ${first}`;
      rejected.push({ id: r.task.id, line: span.line, reason, raw });
      continue;
    }
    seen.set(r.task.id, span.line);
    tasks.push(r.task);
  }
  return { tasks, rejected, partial };
}

/**
 * Remove the blocks that parseQueue accepts as tasks with these ids (an unfinished last line
 * counts as finished here: the caller chose the ids). Every other byte is kept.
 */
export function removeBlocks(text: string, ids: Iterable<string>, limits?: QueueLimits): string {
  return cutSpans(text, taskSpans(text, ids, limits));
}

/** The spans removeBlocks would cut (for byte-level edits of a file). */
export function taskSpans(text: string, ids: Iterable<string>, limits?: QueueLimits): BlockSpan[] {
  const want = new Set(ids);
  if (want.size === 0) return [];
  const lines = new Set(parseQueue(text, { holdPartialTail: false, limits }).tasks.filter((t) => want.has(t.id)).map((t) => t.line));
  return splitBlocks(text).filter((s) => lines.has(s.line));
}

/**
 * Remove blocks by their exact text: at the line given if it still matches, else the first
 * block with the same text (the file moved under us). Blocks no longer present are skipped.
 */
export function removeRawBlocks(text: string, blocks: { line: number; raw: string }[]): string {
  return cutSpans(text, rawSpans(text, blocks));
}

/** The spans removeRawBlocks would cut. */
export function rawSpans(text: string, blocks: { line: number; raw: string }[]): BlockSpan[] {
  return matchRawBlocks(text, blocks).filter((s) => s !== undefined);
}

/** For each block, the distinct span holding its exact text (undefined when it is gone). */
export function matchRawBlocks(text: string, blocks: { line: number; raw: string }[]): (BlockSpan | undefined)[] {
  const spans = splitBlocks(text);
  const chosen = new Set<BlockSpan>();
  return blocks.map((b) => {
    const same = (s: BlockSpan) => !chosen.has(s) && text.slice(s.start, s.end) === b.raw;
    const hit = spans.find((s) => s.line === b.line && same(s)) ?? spans.find(same);
    if (hit) chosen.add(hit);
    return hit;
  });
}

const RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

/** Run order: priority (high, normal, low), then created ascending, missing created last, then file order. */
export function orderTasks(tasks: readonly QueueTask[]): QueueTask[] {
  const keyed = tasks.map((t, i) => {
    const ms = t.created ? Date.parse(t.created) : Number.NaN;
    return { t, i, ms: Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms };
  });
  keyed.sort((a, b) => RANK[a.t.priority] - RANK[b.t.priority] || (a.ms === b.ms ? 0 : a.ms < b.ms ? -1 : 1) || a.t.line - b.t.line || a.i - b.i);
  return keyed.map((k) => k.t);
}
