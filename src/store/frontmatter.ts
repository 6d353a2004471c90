// Markdown records with YAML front matter: `---\n<yaml>---\n<body>`.
import YAML, { LineCounter } from 'yaml';
import { FrontMatterError } from './errors.ts';

export interface FrontMatter<T = Record<string, unknown>> {
  data: T;
  body: string;
  /** False when the text had no front matter at all (data is then {}). */
  hasFrontMatter: boolean;
}

const OPEN_RE = /^---[ \t]*\r?\n/;
const CLOSE_RE = /^---[ \t]*\r?$/m;

/** First line of a yaml error message, without the library's own position suffix. */
export function yamlErrorDetail(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Split front matter from body and parse it. Text without an opening `---` line has no front
 * matter. Throws FrontMatterError (file, line, column in the whole file) on malformed YAML,
 * a missing closing line, or front matter that is not a mapping.
 */
export function parseFrontMatter<T = Record<string, unknown>>(text: string, file = '<input>'): FrontMatter<T> {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const open = OPEN_RE.exec(src);
  if (!open) return { data: {} as T, body: text, hasFrontMatter: false };
  const rest = src.slice(open[0].length);
  const close = CLOSE_RE.exec(rest);
  if (!close) throw new FrontMatterError(file, 1, 1, 'the opening --- line has no closing --- line');
  const yamlSrc = rest.slice(0, close.index);
  let bodyStart = close.index + close[0].length;
  if (rest[bodyStart] === '\n') bodyStart++;
  const body = rest.slice(bodyStart);

  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(yamlSrc, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const pos = lineCounter.linePos(err.pos[0]);
    throw new FrontMatterError(file, pos.line + 1, pos.col, yamlErrorDetail(err.message));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new FrontMatterError(file, 2, 1, (e as Error).message);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError(file, 2, 1, 'expected a mapping of `key: value` lines');
  }
  return { data: data as T, body, hasFrontMatter: true };
}

/**
 * Deterministic inverse of parseFrontMatter: keys in the order given, no line folding.
 * parseFrontMatter(stringifyFrontMatter(d, b)) gives back d and b.
 */
export function stringifyFrontMatter(data: Record<string, unknown>, body: string): string {
  const keys = Object.keys(data).filter((k) => data[k] !== undefined);
  const yaml = keys.length ? YAML.stringify(data, { lineWidth: 0, minContentWidth: 0 }) : '';
  return `---\n${yaml}---\n${body}`;
}
