// rewards.md codec: a YAML sequence of entries, newest last, under a comment header.
import { Document, isMap, isSeq } from 'yaml';
import { z } from 'zod';
import { LearnParseError } from './errors.ts';
import type { RewardEntry, Score } from './types.ts';
import { parseYaml, validate } from './yaml-util.ts';

export const REWARDS_FILE = 'rewards.md';

export const REWARDS_HEADER = [
  '# rewards.md: one entry per task, newest last; only the most recent entries (the budget) are kept.',
  "# reward: the model's own score (+1 reusable success, 0 partial, -1 failure).",
  '# audit_score: a rule-based check of that claim; learning uses the lower of the two.',
  '',
].join('\n');

const score = z.union([z.literal(1), z.literal(0), z.literal(-1)], { error: 'expected +1, 0 or -1' });
const id = z.union([z.string().min(1), z.number()]).transform(String);
const count = z.number().int().min(0);

const EntrySchema = z.object({
  task: id,
  outcome: z.string().min(1),
  reward: score,
  audit_score: score,
  audit_reason: z.string().optional(),
  context_tags: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  reasoning_demand: z.string().nullable().default(null),
  model_used: z.string().default(''),
  model_appropriate: z.union([z.boolean(), z.string()]).nullable().default(null),
  world_model_update: z.string().nullable().default(null),
  reward_decomposition: z.record(z.string(), z.number()).nullable().default(null),
  audit_decomposition: z.record(z.string(), z.number()).nullable().optional(),
  tokens: z.object({ input: count, output: count }).default({ input: 0, output: 0 }),
  cost: z.number().min(0).nullable().default(null),
  duration_ms: count.default(0),
  created: z.string().min(1),
  judges: z.array(z.object({
    name: z.string().min(1),
    kind: z.string().min(1),
    status: z.enum(['pass', 'fail', 'error', 'pending']),
    score: z.number().min(0).max(1).nullable().default(null),
    evidence: z.string().default(''),
  })).optional(),
});

const KNOWN = new Set(Object.keys(EntrySchema.shape));

export function parseRewards(text: string, file = REWARDS_FILE): RewardEntry[] {
  const parsed = parseYaml(text, file);
  const top = parsed.doc.contents;
  if (top === null || parsed.data === null) return []; // an empty file, or only comments
  if (!isSeq(top)) {
    const line = top.range ? parsed.lineAt(top.range[0]) : 1;
    throw new LearnParseError(file, line, 'expected a YAML sequence of reward entries ("- task: ...")');
  }
  return (parsed.data as unknown[]).map((raw, i) => {
    if (!isMap(top.items[i])) {
      throw new LearnParseError(file, lineOfItem(parsed, top.items[i]), `entry ${i + 1}: expected a mapping with task, outcome, reward, ...`);
    }
    const entry: RewardEntry = validate(EntrySchema, raw, parsed, file, [i]);
    const extra = Object.fromEntries(Object.entries(raw as object).filter(([k]) => !KNOWN.has(k)));
    if (Object.keys(extra).length) entry.extra = extra;
    if (entry.audit_reason === undefined) delete entry.audit_reason;
    if (entry.audit_decomposition === undefined) delete entry.audit_decomposition;
    if (entry.judges === undefined) delete entry.judges;
    return entry;
  });
}

function lineOfItem(parsed: ReturnType<typeof parseYaml>, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? parsed.lineAt(range[0]) : 1;
}

export function renderRewards(entries: RewardEntry[]): string {
  if (entries.length === 0) return `${REWARDS_HEADER}\n[]\n`;
  // A blank line between entries.
  return `${REWARDS_HEADER}\n${entries.map(renderEntry).join('\n')}`;
}

/** Entries never change once written, so each is rendered once (the file is rewritten every task). */
const rendered = new WeakMap<RewardEntry, string>();

function renderEntry(entry: RewardEntry): string {
  const cached = rendered.get(entry);
  if (cached !== undefined) return cached;
  const doc = new Document([toPlain(entry)]);
  // Short lists and the token pair read best on one line.
  for (const key of ['context_tags', 'tokens']) {
    const node = doc.getIn([0, key], true) as { flow?: boolean } | undefined;
    if (node) node.flow = true;
  }
  // One judge a line: name, kind, status, score, evidence.
  const judges = doc.getIn([0, 'judges'], true) as { items?: { flow?: boolean }[] } | undefined;
  for (const item of judges?.items ?? []) item.flow = true;
  const yaml = doc
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    // Seed 000 writes a positive score as "+1"; YAML reads it back as 1.
    .replace(/^((?:- |  )(?:reward|audit_score): )1$/gm, '$1+1');
  rendered.set(entry, yaml);
  return yaml;
}

function toPlain(e: RewardEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    task: e.task,
    outcome: e.outcome,
    reward: e.reward,
    audit_score: e.audit_score,
  };
  if (e.audit_reason !== undefined) out.audit_reason = e.audit_reason;
  Object.assign(out, {
    context_tags: e.context_tags,
    reasoning_demand: e.reasoning_demand,
    model_used: e.model_used,
    model_appropriate: e.model_appropriate,
    world_model_update: e.world_model_update,
    reward_decomposition: e.reward_decomposition,
    ...(e.audit_decomposition !== undefined && { audit_decomposition: e.audit_decomposition }),
    tokens: { input: e.tokens.input, output: e.tokens.output },
    cost: e.cost,
    duration_ms: e.duration_ms,
    created: e.created,
    ...(e.judges !== undefined && { judges: e.judges.map((j) => ({ ...j })) }),
  });
  return { ...out, ...(e.extra ?? {}) };
}

export function isScore(n: number): n is Score {
  return n === 1 || n === 0 || n === -1;
}
