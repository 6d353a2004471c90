// The cost ledger's line format (JSON Lines, one object per line, version 1): a `call` line
// per model request, a `task` line per committed task with the routing decision and outcome.
// Pinned by fixtures/ledger-v1.jsonl.
import { AgentOsError } from '../../errors.ts';
import { z } from 'zod';
import { TIER_NAMES } from '../../config/index.ts';

const tier = z.enum(TIER_NAMES);
const count = z.int().min(0);
const usd = z.number().min(0).nullable();

export const CallLineSchema = z.object({
  v: z.literal(1),
  kind: z.literal('call'),
  id: z.string().min(1),
  at: z.string().min(1),
  task: z.string(),
  tier,
  provider: z.string(),
  model: z.string(),
  /** act (first attempt), cascade (escalated retry), vote (consensus), judge (consensus judge). */
  purpose: z.enum(['act', 'cascade', 'vote', 'judge']),
  input: count,
  output: count,
  cost_usd: usd,
  ok: z.boolean(),
  error: z.string().optional(),
});

export const TaskLineSchema = z.object({
  v: z.literal(1),
  kind: z.literal('task'),
  id: z.string().min(1),
  at: z.string().min(1),
  task: z.string(),
  /** The first characters of the task text: what the router's text model learns from. */
  text: z.string(),
  tags: z.array(z.string()),
  demand: z.string(),
  table_tier: tier,
  tier,
  consensus: z.boolean(),
  attempts: z.array(z.object({ tier, model: z.string(), success: z.number().min(0).max(1) })),
  appropriate: z.enum(['underpowered', 'overpowered', 'right']),
  agreement: z.number().min(0).max(1).nullable(),
  input: count,
  output: count,
  cost_usd: usd,
  features: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.number()),
  reason: z.string(),
});

export type CallLine = z.infer<typeof CallLineSchema>;
export type TaskLine = z.infer<typeof TaskLineSchema>;
export type LedgerLine = CallLine | TaskLine;

const LineSchema = z.discriminatedUnion('kind', [CallLineSchema, TaskLineSchema]);

export class LedgerParseError extends AgentOsError<'LEDGER_PARSE' | 'LEDGER_NEWER'> {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, detail: string, code: 'LEDGER_PARSE' | 'LEDGER_NEWER' = 'LEDGER_PARSE') {
    super(code, `${file}:${line}: ${detail}`);
    this.file = file;
    this.line = line;
  }
}

/** The ledger format this version writes; a line with a higher `v` comes from a newer AgentOS. */
export const LEDGER_VERSION = 1;

/** Parses a ledger file. A line that does not parse is reported, not fatal: the rest counts. */
export function parseLedger(text: string, file: string): { lines: LedgerLine[]; problems: LedgerParseError[] } {
  const lines: LedgerLine[] = [];
  const problems: LedgerParseError[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // A torn last line (a crash mid-append to the pending file) is expected there.
      problems.push(new LedgerParseError(file, i + 1, 'not a JSON object (torn or edited line); ignored'));
      return;
    }
    const v = (json as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v > LEDGER_VERSION) {
      // Its spend cannot be counted by this version; the budget check refuses rather than count it as zero.
      problems.push(new LedgerParseError(file, i + 1, `written by a newer AgentOS (ledger v${v}; this one reads v${LEDGER_VERSION}): upgrade AgentOS`, 'LEDGER_NEWER'));
      return;
    }
    const r = LineSchema.safeParse(json);
    if (r.success) lines.push(r.data);
    else problems.push(new LedgerParseError(file, i + 1, `${r.error.issues[0].path.join('.') || 'line'}: ${r.error.issues[0].message}; ignored`));
  });
  return { lines, problems };
}

export function renderLine(l: LedgerLine): string {
  return `${JSON.stringify(l)}\n`;
}

export function lineDay(l: { at: string }): string {
  return l.at.slice(0, 10);
}
