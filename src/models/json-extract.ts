// Tolerant reading of a model's text as JSON, for endpoints without a schema mode
// and as the fallback when a schema-mode reply still does not parse.
import type { z } from 'zod';

export type ExtractResult<T> = { ok: true; value: T } | { ok: false; error: string };

const PREVIEW = 200;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW)}…` : flat;
}

/** Code-fenced blocks, json-tagged ones first. */
function fencedBlocks(text: string): string[] {
  const tagged: string[] = [];
  const other: string[] = [];
  // An unterminated fence (a truncated reply) runs to the end of the text.
  for (const m of text.matchAll(/```([\w-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g)) {
    (m[1].toLowerCase() === 'json' ? tagged : other).push(m[2]);
  }
  return [...tagged, ...other];
}

/**
 * From `start` (a `{` or `[`), the text up to the matching close, skipping
 * brackets inside strings. A truncated value runs to the end of the text.
 */
export function balancedSlice(text: string, start: number): string {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return text.slice(start, i + 1);
    }
  }
  return text.slice(start);
}

/**
 * Repairs the common breakages of model-written JSON: trailing commas, and a value
 * cut off mid-way (closes the open string, drops a dangling key or comma, closes
 * brackets). Does not guess at anything else.
 */
export function repairJson(text: string): string {
  let out = '';
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < text.length) out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      out = out.replace(/,\s*$/, ''); // trailing comma before a close
      stack.pop();
    }
    out += c;
  }
  if (stack.length === 0 && !inString) return out;
  if (inString) out = out.replace(/\\$/, '') + '"';
  // Drop what cannot stand at the end of a truncated object: `, "key":`, `"key"`, `,`.
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\s+$/, '').replace(/,$/, '');
    if (stack[stack.length - 1] === '}') {
      out = out.replace(/([{,])\s*"(?:[^"\\]|\\.)*"\s*:?$/, '$1').replace(/,$/, '');
    }
    out = out.replace(/:\s*$/, '');
  }
  return out + stack.reverse().join('');
}

/** Texts that might hold the JSON value, most likely first, without duplicates. */
export function jsonCandidates(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string) => {
    const t = s.trim();
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  };
  add(text);
  for (const block of fencedBlocks(text)) {
    add(block);
    const first = block.search(/[{[]/);
    if (first >= 0) add(balancedSlice(block, first));
  }
  // Bare JSON inside prose: try each opening brace (bounded, replies can be long).
  let tries = 0;
  for (let i = text.indexOf('{'); i >= 0 && tries < 20; i = text.indexOf('{', i + 1), tries++) add(balancedSlice(text, i));
  return out;
}

function parseLoose(candidate: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(candidate) };
  } catch (error) {
    try {
      return { ok: true, value: JSON.parse(repairJson(candidate)) };
    } catch {
      return { ok: false, error: (error as Error).message };
    }
  }
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `at ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Finds JSON in a model's reply and validates it against `schema`. */
export function extractJson<T>(text: string, schema: z.ZodType<T>): ExtractResult<T> {
  if (!text.trim()) return { ok: false, error: 'reply is empty: expected a JSON object' };
  let firstParseError: string | undefined;
  let firstSchemaError: string | undefined;
  for (const candidate of jsonCandidates(text)) {
    const parsed = parseLoose(candidate);
    if (!parsed.ok) {
      firstParseError ??= parsed.error;
      continue;
    }
    if (typeof parsed.value !== 'object' || parsed.value === null) continue; // a stray number or string
    const checked = schema.safeParse(parsed.value);
    if (checked.success) return { ok: true, value: checked.data };
    firstSchemaError ??= formatZodIssues(checked.error.issues);
  }
  if (firstSchemaError) return { ok: false, error: `reply JSON does not match the schema: ${firstSchemaError}` };
  return {
    ok: false,
    error: `reply is not JSON: ${firstParseError ?? 'no JSON object found'} (first ${PREVIEW} chars: ${preview(text)})`,
  };
}
