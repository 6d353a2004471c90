// Writing one queue.md block so that parseQueue reads back exactly what was given.
import YAML from 'yaml';
import type { Priority } from './types.ts';
import { checkFields, idProblem, KNOWN_KEYS } from './queue-fields.ts';
import { InvalidTaskError } from './errors.ts';
import type { JudgeSpec } from './judge-spec.ts';

export interface NewTask {
  id: string;
  task: string;
  priority?: Priority;
  /** ISO 8601; '' or absent leaves the key out. */
  created?: string;
  verify?: string;
  ttl?: string | number;
  tags?: string[];
  after?: string[];
  judges?: JudgeSpec[];
  extra?: Record<string, unknown>;
}

/** Characters a YAML block scalar cannot carry literally (or that YAML would re-read differently). */
const UNSAFE_IN_BLOCK = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const ESCAPE_EXTRA = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** A double-quoted YAML scalar on one line (JSON is valid YAML; escape what JSON leaves raw). */
function quoted(s: string): string {
  return JSON.stringify(s).replace(ESCAPE_EXTRA, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** yaml's own one-line rendering when it reads back identically, else double-quoted. */
function inline(s: string): string {
  if (!s.includes('\n') && !UNSAFE_IN_BLOCK.test(s)) {
    const out = YAML.stringify(s, { lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, '');
    if (!out.includes('\n') && out[0] !== '|' && out[0] !== '>' && YAML.parse(out) === s) return out;
  }
  return quoted(s);
}

/** A literal block scalar (`|`) for readable multi-line text, when it round-trips exactly. */
function scalar(s: string): string {
  const block = s.includes('\n') && /\S/.test(s) && !s.endsWith('\n\n') && !UNSAFE_IN_BLOCK.test(s);
  if (!block) return ` ${inline(s)}`;
  const clip = s.endsWith('\n');
  const content = clip ? s.slice(0, -1) : s;
  // An explicit indentation indicator when the text itself starts with whitespace or a blank line.
  const indicator = /^\s/.test(content) ? '2' : '';
  const lines = content.split('\n').map((l) => (l === '' ? '' : `  ${l}`));
  return ` |${indicator}${clip ? '' : '-'}\n${lines.join('\n')}`;
}

function list(items: string[]): string {
  const safe = (x: string) => /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/.test(x) && YAML.parse(x) === x;
  return ` [${items.map((x) => (safe(x) ? x : quoted(x))).join(', ')}]`;
}

/**
 * One queue.md block: a leading blank line, `## id`, then YAML (task, priority, created,
 * verify, ttl, tags, after, judges, extra keys). Throws InvalidTaskError on what parseQueue would reject.
 */
export function serializeTask(t: NewTask): string {
  const where = `task ${JSON.stringify(t.id)}`;
  const bad = idProblem(t.id);
  if (bad) throw new InvalidTaskError(`cannot write ${where}: ${bad}`);
  const f = checkFields({ ...t, created: t.created === '' ? undefined : t.created }, { id: t.id });
  if (f.problems.length) throw new InvalidTaskError(`cannot write ${where}: ${f.problems.map((p) => p[1]).join('; ')}`);
  if (typeof t.ttl === 'string' && t.ttl.includes('\n')) throw new InvalidTaskError(`cannot write ${where}: ttl must be one line`);

  const out = [`\n## ${t.id}`, `task:${scalar(t.task)}`, `priority: ${f.priority}`];
  if (f.created) out.push(`created: ${inline(f.created)}`);
  if (t.verify !== undefined) out.push(`verify:${scalar(t.verify)}`);
  if (t.ttl !== undefined) out.push(`ttl: ${typeof t.ttl === 'number' ? String(t.ttl) : inline(t.ttl)}`);
  if (t.tags !== undefined) out.push(`tags:${list(t.tags)}`);
  if (t.after !== undefined) out.push(`after:${list(t.after)}`);
  const more: [string, unknown][] = [...(f.judges !== undefined ? [['judges', f.judges] as [string, unknown]] : []), ...Object.entries(t.extra ?? {})];
  for (const [k, v] of more) {
    if ((k !== 'judges' && KNOWN_KEYS.has(k)) || v === undefined) continue;
    // Multi-line strings double-quoted: a `|+` block as the last key would swallow the blank line after it.
    const doc = new YAML.Document({ [k]: v });
    YAML.visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === 'string' && /[\n\r]/.test(node.value)) node.type = 'QUOTE_DOUBLE';
      },
    });
    out.push(doc.toString({ lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, ''));
  }
  return `${out.join('\n')}\n`;
}
