// Reading a YAML input file (suite, policy) through a zod schema, so every problem names
// file:line:column, the path inside the file and what was expected.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { EvalError } from './errors.ts';

/** Largest input file read, bytes (a suite of a few hundred tasks is well under). */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

export function parseLocated<T>(source: string, file: string, schema: z.ZodType<T>, what: string): T {
  if (source.length > MAX_INPUT_BYTES) throw new EvalError('EVAL_INPUT', `${file}: ${what} is ${source.length} bytes; the limit is ${MAX_INPUT_BYTES}`);
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return `${file}:1`;
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length) throw new EvalError('EVAL_INPUT', `${at(doc.errors[0].pos[0])}: invalid YAML in the ${what}: ${doc.errors[0].message.split('\n')[0]}`);
  const r = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 10).map((i) => `${at(offsetOf(doc, i.path))}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  throw new EvalError('EVAL_INPUT', `${what} ${file} has ${r.error.issues.length} problem(s):\n  ${problems.join('\n  ')}`);
}

/** The offset of the deepest node the path reaches. */
export function offsetOf(doc: Document, path: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}
