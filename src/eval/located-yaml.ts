// Reading a YAML input file (suite, policy) through a zod schema, so every problem names
// file:line:column, the path inside the file and what was expected.
import { LineCounter, parseDocument } from 'yaml';
import { yamlOffsetOf } from '../config/index.ts';
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
  const problems = r.error.issues.slice(0, 10).map((i) => `${at(yamlOffsetOf(doc, i.path))}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  throw new EvalError('EVAL_INPUT', `${what} ${file} has ${r.error.issues.length} problem(s):\n  ${problems.join('\n  ')}`);
}
