// The `judges:` field of a task (queue.md, the HTTP body) and of an agent (agents.yaml): which
// checks grade a task's result. One schema for every place a judge is written, so a typo is
// refused where it was typed (queue.md line, agents.yaml line:column, HTTP 400), not at run time.
// eval/ runs them (src/eval/judges/); this file only says what a judge spec may hold.
import { z } from 'zod';

export const JUDGE_KINDS = ['command', 'tests', 'lint', 'typecheck', 'security', 'regex', 'contains', 'json-schema', 'llm', 'human'] as const;
export type JudgeKind = (typeof JUDGE_KINDS)[number];

/** Judges per task or agent (each may run a sandboxed command: keep it small). */
export const MAX_JUDGES = 16;
/** Longest a judge may run, seconds; each kind has its default (eval/judges). */
export const MAX_JUDGE_TIMEOUT_S = 3600;

const common = {
  /** Names the judge in rewards.md and eval results; defaults to the kind (made unique with #2, #3). */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'name: 1-40 letters, digits, ".", "_" or "-"').optional(),
  timeout_s: z.number().positive().max(MAX_JUDGE_TIMEOUT_S).optional(),
};
const command = z.string().trim().min(1).max(4096);
const regexSource = z.string().min(1).max(1000).refine((s) => compiles(s), { message: 'not a valid regular expression' });

export const JudgeSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('command'), run: command, ...common }),
  z.strictObject({ kind: z.literal('tests'), run: command.optional(), ...common }),
  z.strictObject({ kind: z.literal('lint'), run: command.optional(), ...common }),
  z.strictObject({ kind: z.literal('typecheck'), run: command.optional(), ...common }),
  z.strictObject({
    kind: z.literal('security'),
    /** Extra patterns (regular expressions, ERE) that must not appear in the workspace or the answer. */
    patterns: z.array(regexSource).max(20).optional(),
    ...common,
  }),
  z.strictObject({
    kind: z.literal('regex'), pattern: regexSource, flags: z.string().regex(/^[imsu]*$/, 'flags: any of i, m, s, u').optional(),
    expect: z.enum(['match', 'no-match']).optional(), ...common,
  }),
  z.strictObject({
    kind: z.literal('contains'), text: z.union([z.string().min(1).max(1000), z.array(z.string().min(1).max(1000)).min(1).max(50)]),
    /** true: every text must appear (default); false: any one. */
    all: z.boolean().optional(), case_sensitive: z.boolean().optional(), ...common,
  }),
  z.strictObject({ kind: z.literal('json-schema'), schema: z.record(z.string(), z.unknown()), ...common }),
  z.strictObject({ kind: z.literal('llm'), rubric: z.string().trim().min(1).max(4000), ...common }),
  z.strictObject({
    kind: z.literal('human'), question: z.string().max(1000).optional(),
    /** A label a person already gave (e.g. a reviewed eval suite); without it the judge asks and waits. */
    label: z.enum(['pass', 'fail']).optional(), ...common,
  }),
], { error: (iss) => (iss.code === 'invalid_union' ? `kind must be one of ${JUDGE_KINDS.join(', ')}` : undefined) });
export type JudgeSpec = z.infer<typeof JudgeSpec>;

export const JudgeSpecs = z.array(JudgeSpec).max(MAX_JUDGES, `at most ${MAX_JUDGES} judges`);

function compiles(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

/** Checks a `judges:` value; the message names the judge and the field. */
export function checkJudges(v: unknown): { judges: JudgeSpec[] } | { problem: string } {
  const r = JudgeSpecs.safeParse(v);
  if (r.success) return { judges: r.data };
  const i = r.error.issues[0];
  const where = i.path.length ? `judges[${String(i.path[0])}]${i.path.slice(1).map((p) => `.${String(p)}`).join('')}` : 'judges';
  return { problem: `${where}: ${i.message}` };
}

/** Per-agent defaults, then the task's own; a task judge with a default's name replaces it. Names made unique. */
export function mergeJudges(defaults: readonly JudgeSpec[], own: readonly JudgeSpec[]): { spec: JudgeSpec; name: string }[] {
  const named = (list: readonly JudgeSpec[]) => list.map((spec) => ({ spec, name: spec.name ?? spec.kind }));
  const mine = named(own);
  const taken = new Set(own.filter((s) => s.name).map((s) => s.name));
  const all = [...named(defaults).filter((d) => !(d.spec.name && taken.has(d.spec.name))), ...mine];
  const seen = new Map<string, number>();
  return all.map(({ spec, name }) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return { spec, name: n === 1 ? name : `${name}#${n}` };
  });
}
