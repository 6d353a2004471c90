// Judges of the answer text itself (no command, no model): regex, contains, json-schema.
// Pure. A JSON Schema is turned into a validator by zod (z.fromJSONSchema); a schema zod cannot
// read makes a judge error with zod's reason, not a pass.
import { z } from 'zod';
import { extractJson } from '../../models/index.ts';
import type { JudgeSpec } from '../../store/index.ts';
import { verdict, type Verdict } from './types.ts';

type Spec<K extends JudgeSpec['kind']> = Extract<JudgeSpec, { kind: K }>;

const preview = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

export function regexJudge(spec: Spec<'regex'>, answer: string): Verdict {
  const re = new RegExp(spec.pattern, spec.flags ?? '');
  const m = re.exec(answer);
  const want = spec.expect ?? 'match';
  if (want === 'match') return m ? verdict('pass', `matches /${spec.pattern}/ at ${preview(m[0])}`, 1) : verdict('fail', `no match for /${spec.pattern}/${spec.flags ?? ''}`, 0);
  return m ? verdict('fail', `must not match /${spec.pattern}/ but does at ${preview(m[0])}`, 0) : verdict('pass', `no match for /${spec.pattern}/, as expected`, 1);
}

export function containsJudge(spec: Spec<'contains'>, answer: string): Verdict {
  const texts = Array.isArray(spec.text) ? spec.text : [spec.text];
  const norm = (s: string) => (spec.case_sensitive ? s : s.toLowerCase());
  const hay = norm(answer);
  const found = texts.filter((t) => hay.includes(norm(t)));
  const missing = texts.filter((t) => !found.includes(t));
  const all = spec.all ?? true;
  const ok = all ? missing.length === 0 : found.length > 0;
  const score = found.length / texts.length;
  if (ok) return verdict('pass', `contains ${found.map(preview).join(', ')}`, score);
  return verdict('fail', all ? `missing ${missing.map(preview).join(', ')}` : `none of ${texts.map(preview).join(', ')}`, score);
}

export function jsonSchemaJudge(spec: Spec<'json-schema'>, answer: string): Verdict {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(spec.schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (e) {
    return verdict('error', `the judge's JSON Schema cannot be used: ${(e as Error).message}`);
  }
  const r = extractJson(answer, schema);
  return r.ok ? verdict('pass', 'the answer holds JSON that matches the schema', 1) : verdict('fail', r.error, 0);
}
