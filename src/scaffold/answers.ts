// The answers to seed 000's prompt template, one key per template variable in snake_case
// (<AGENT_NAME> → agent_name, …). Read from --answers FILE.yaml or asked interactively; every
// problem names the answer, and, from a file, its line and column. Unknown keys are refused:
// a misspelt answer would silently fall back to a default.
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { yamlOffsetOf } from '../config/index.ts';
import { AGENT_NAME_RE } from '../store/index.ts';
import { ScaffoldError } from './errors.ts';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const AUTONOMY_LEVELS = ['assistant', 'semi-autonomous', 'autonomous'] as const;
export const DEPLOYMENTS = ['local laptop', 'server', 'cloud', 'enterprise', 'airgapped'] as const;
export const BUDGETS = ['cheap', 'balanced', 'premium'] as const;
export const LEARNING = ['none', 'constrained', 'active'] as const;
export const MAX_TASK_EXAMPLES = 10;

export type Deployment = (typeof DEPLOYMENTS)[number];

const text = (max: number) => z.string().trim().min(1, 'expected a non-empty answer').max(max);
const list = (max: number, item: z.ZodType<string>) => z.preprocess((v) => (typeof v === 'string' ? [v] : v ?? []), z.array(item).max(max));
const yesNo = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.union([z.boolean(), z.enum(['yes', 'no'])]).transform((v) => v === true || v === 'yes'));
const deployment = z.preprocess(
  (v) => (typeof v === 'string' ? ({ local: 'local laptop', laptop: 'local laptop', 'local-laptop': 'local laptop', 'air-gapped': 'airgapped' } as Record<string, string>)[v.trim().toLowerCase()] ?? v.trim().toLowerCase() : v),
  z.enum(DEPLOYMENTS),
);
const lower = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(values));

/** An example task: its text, or the text and a check of your own. */
const TaskExample = z.union([text(2000), z.strictObject({ task: text(2000), verify: text(1000).optional() })]).transform((v) => (typeof v === 'string' ? { task: v } : v));
/** A success metric in words, or with the measure and target spelled out (see config/metrics-schema.ts). */
const Metric = z.union([text(120), z.strictObject({ name: text(120), measure: text(40).optional(), target: z.number().min(0).optional() })]).transform((v) => (typeof v === 'string' ? { name: v } : v));

export const AnswersSchema = z.strictObject({
  agent_name: z.string().trim().regex(AGENT_NAME_RE, 'a lowercase name of letters, digits, "-" or "_" (it names a folder), e.g. "compliance-bot"'),
  primary_purpose: text(1000),
  domain: text(200),
  target_users: text(500),
  task_examples: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(TaskExample).min(1, 'give at least one example task').max(MAX_TASK_EXAMPLES)),
  risk_level: lower(RISK_LEVELS),
  autonomy_level: lower(AUTONOMY_LEVELS),
  tools_allowed: list(30, text(80)).default([]),
  tools_forbidden: list(30, text(80)).default([]),
  data_sources: list(30, text(500)).default([]),
  success_metrics: z.preprocess((v) => (typeof v === 'string' ? [v] : v ?? []), z.array(Metric).max(20)),
  deployment_env: deployment,
  budget_priority: lower(BUDGETS),
  privacy_requirements: z.preprocess((v) => (Array.isArray(v) ? v.join('; ') : v ?? 'none'), z.string().trim().max(2000)),
  human_review_points: list(20, text(300)).default([]),
  multi_agent_required: yesNo.default(false),
  long_term_memory: yesNo.default(true),
  learning_allowed: lower(LEARNING),
  output_style: text(500).default('Clear, concise, structured Markdown.'),
});

export type Answers = z.infer<typeof AnswersSchema>;
export const ANSWER_KEYS = Object.keys(AnswersSchema.shape) as (keyof Answers)[];

/** Validates answers given as data (interactive mode); `where` prefixes each problem. */
export function validateAnswers(data: unknown, where = 'answers'): Answers {
  const r = AnswersSchema.safeParse(data);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${where}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  throw new ScaffoldError('ANSWERS_INVALID', `${problems.length} answer(s) to fix:\n  ${problems.join('\n  ')}`);
}

/** Parses an answers file; every problem names its line and column. */
export function parseAnswers(source: string, file = 'answers.yaml'): Answers {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return file;
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length) throw new ScaffoldError('ANSWERS_INVALID', `${at(doc.errors[0].pos[0])}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new ScaffoldError('ANSWERS_INVALID', `${file}: expected a mapping of answers (agent_name: …, primary_purpose: …)`);
  const problems: string[] = [];
  for (const pair of doc.contents.items) {
    const key = String((pair.key as { value?: unknown })?.value);
    if (!(ANSWER_KEYS as string[]).includes(key)) problems.push(`${at((pair.key as { range?: number[] })?.range?.[0])}: unknown answer "${key}" (the answers are: ${ANSWER_KEYS.join(', ')})`);
  }
  const r = AnswersSchema.safeParse(doc.toJS());
  if (!r.success) {
    for (const i of r.error.issues) {
      if (i.code === 'unrecognized_keys') continue; // reported above, with their lines
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push(`${at(yamlOffsetOf(doc, path, { value: true }))}: ${path.join('.') || '(top level)'}: ${i.message}`);
    }
  }
  if (problems.length) throw new ScaffoldError('ANSWERS_INVALID', `${problems.length} answer(s) to fix:\n  ${problems.join('\n  ')}`);
  return r.data!;
}
