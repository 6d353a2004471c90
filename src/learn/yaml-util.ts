// Shared parsing helpers: YAML with line numbers, zod validation that points at the
// offending node's line, and front-matter splitting for Markdown records.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { LearnParseError } from './errors.ts';

export interface ParsedYaml {
  doc: Document;
  data: unknown;
  /** Maps a character offset in the YAML text to a 1-based line in the file. */
  lineAt: (offset: number) => number;
}

/** Parses YAML text that starts at file line `lineOffset + 1`. */
export function parseYaml(text: string, file: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = (err.linePos?.[0].line ?? 1) + lineOffset;
    // yaml's message repeats its own line number and a code frame; keep only the sentence.
    const sentence = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new LearnParseError(file, line, `invalid YAML: ${sentence}`);
  }
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line + lineOffset;
  return { doc, data: doc.toJS(), lineAt };
}

/** Validates `value` (found at `basePath` in the document) and reports the first issue's line. */
export function validate<T>(
  schema: z.ZodType<T>,
  value: unknown,
  parsed: ParsedYaml,
  file: string,
  basePath: (string | number)[] = [],
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...basePath, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  const where = path.length ? `${formatPath(path)}: ` : '';
  throw new LearnParseError(file, lineOfPath(parsed, path), `${where}${issue.message}`);
}

/** `goals[1].status`, `[0].reward`: how a person would point at the value. */
export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Line of the deepest node that exists along `path` (a missing key points at its parent). */
export function lineOfPath(parsed: ParsedYaml, path: (string | number)[]): number {
  for (let k = path.length; k >= 0; k--) {
    const node = k === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, k), true);
    if (isNode(node) && node.range) return parsed.lineAt(node.range[0]);
  }
  return parsed.lineAt(0);
}

export interface FrontMatter {
  /** The YAML between the `---` lines. */
  yaml: string;
  /** Everything after the closing `---`, leading blank lines and trailing space removed. */
  body: string;
}

/** Splits `---\n<yaml>\n---\n<body>`; the YAML starts on file line 2. */
export function splitFrontMatter(text: string, file: string): FrontMatter {
  const lines = normalizeNewlines(text).split('\n');
  if (lines[0] !== '---') {
    throw new LearnParseError(file, 1, 'expected YAML front matter: the first line must be "---"');
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) {
    throw new LearnParseError(file, lines.length, 'front matter is not closed: expected a line "---" after the YAML');
  }
  const yaml = lines.slice(1, end).join('\n');
  const body = lines.slice(end + 1).join('\n').replace(/^\s*\n/, '').trimEnd();
  return { yaml, body };
}

export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Keeps the newest `budget` items of a newest-last list (slice(-0) would keep all). */
export function keepNewest<T>(items: T[], budget: number): T[] {
  const n = Math.max(0, Math.floor(budget));
  return items.slice(Math.max(0, items.length - n));
}
