// The run results format (version 1): evals/<run-id>/results.json in the shared repository,
// with summary.md beside it for people. The writer always writes the current version; the
// reader refuses a missing or newer one before the schema runs.
import { z } from 'zod';
import { EvalError } from './errors.ts';

export const RESULTS_VERSION = 1;

const JudgeRow = z.object({ name: z.string(), kind: z.string(), status: z.enum(['pass', 'fail', 'error', 'pending']), score: z.number().nullable(), evidence: z.string() });

export const TaskOutcome = z.object({
  id: z.string(),
  agent: z.string(),
  repeat: z.int().min(1),
  expect: z.enum(['success', 'failure']),
  /** completed (committed), dead-letter (could not complete), not-run (paused for a person, or never picked up). */
  status: z.enum(['completed', 'dead-letter', 'not-run']),
  /** Audited +1: the self-score and the audit (every judge's evidence included) both +1. */
  success: z.boolean(),
  as_expected: z.boolean(),
  reward: z.number().nullable(),
  audit: z.number().nullable(),
  audit_reason: z.string().nullable(),
  judges: z.array(JudgeRow),
  tokens: z.object({ input: z.number(), output: z.number() }),
  cost: z.number().nullable(),
  duration_ms: z.number().nullable(),
  model: z.string().nullable(),
  tier: z.string().nullable(),
  demand: z.string().nullable(),
  commit: z.string().nullable(),
  error: z.string().optional(),
});
export type TaskOutcome = z.infer<typeof TaskOutcome>;

export const RunResults = z.object({
  version: z.literal(RESULTS_VERSION),
  run: z.string(),
  suite: z.object({ name: z.string(), file: z.string(), sha256: z.string(), tasks: z.int() }),
  policy: z.object({ name: z.string(), file: z.string(), sha256: z.string(), description: z.string().optional() }).nullable(),
  agents: z.array(z.string()),
  repeat: z.int().min(1),
  model: z.object({ provider: z.string(), model: z.string() }),
  started: z.string(),
  finished: z.string(),
  tasks: z.array(TaskOutcome),
});
export type RunResults = z.infer<typeof RunResults>;

export function readResults(text: string, file: string): RunResults {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new EvalError('EVAL_INPUT', `${file}: not JSON: ${(e as Error).message}`);
  }
  const v = (json as { version?: unknown } | null)?.version;
  if (typeof v !== 'number') throw new EvalError('EVAL_INPUT', `${file}: no "version": not eval run results`);
  if (v > RESULTS_VERSION) throw new EvalError('EVAL_INPUT', `${file}: results version ${v} are from a newer AgentOS (this one reads 1..${RESULTS_VERSION}); upgrade AgentOS`);
  const r = RunResults.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new EvalError('EVAL_INPUT', `${file}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  }
  return r.data;
}

export function writeResults(r: RunResults): string {
  return `${JSON.stringify({ ...r, version: RESULTS_VERSION }, null, 2)}\n`;
}

export interface RunSummary {
  tasks: number;
  completed: number;
  successes: number;
  success_rate: number | null;
  as_expected_rate: number | null;
  cost_usd: number | null;
  cost_per_success: number | null;
  tokens_per_success: number | null;
  mean_duration_ms: number | null;
  judges: Record<string, { pass: number; fail: number; error: number; pending: number }>;
}

const r4 = (n: number) => Math.round(n * 1e4) / 1e4;

export function summarize(r: RunResults): RunSummary {
  const n = r.tasks.length;
  const ok = r.tasks.filter((t) => t.success).length;
  const priced = r.tasks.filter((t) => t.cost !== null);
  const cost = priced.length ? priced.reduce((s, t) => s + t.cost!, 0) : null;
  const tokens = r.tasks.reduce((s, t) => s + t.tokens.input + t.tokens.output, 0);
  const timed = r.tasks.filter((t) => t.duration_ms !== null);
  const judges: RunSummary['judges'] = {};
  for (const t of r.tasks) for (const j of t.judges) (judges[j.name] ??= { pass: 0, fail: 0, error: 0, pending: 0 })[j.status]++;
  return {
    tasks: n,
    completed: r.tasks.filter((t) => t.status === 'completed').length,
    successes: ok,
    success_rate: n ? r4(ok / n) : null,
    as_expected_rate: n ? r4(r.tasks.filter((t) => t.as_expected).length / n) : null,
    cost_usd: cost === null ? null : Math.round(cost * 1e6) / 1e6,
    cost_per_success: cost !== null && ok ? Math.round((cost / ok) * 1e6) / 1e6 : null,
    tokens_per_success: ok ? Math.round(tokens / ok) : null,
    mean_duration_ms: timed.length ? Math.round(timed.reduce((s, t) => s + t.duration_ms!, 0) / timed.length) : null,
    judges,
  };
}

/** summary.md: what a person reads first. */
export function renderSummary(r: RunResults): string {
  const s = summarize(r);
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `# Eval run ${r.run}`, '',
    `- suite: ${r.suite.name} (${r.suite.tasks} tasks, ${r.suite.file}, sha256 ${r.suite.sha256.slice(0, 12)})`,
    `- policy: ${r.policy ? `${r.policy.name} (${r.policy.file})${r.policy.description ? ` — ${r.policy.description}` : ''}` : 'none (agents.yaml as it is)'}`,
    `- agents: ${r.agents.join(', ')}; repeat ${r.repeat}; model ${r.model.provider} ${r.model.model}`,
    `- ${r.started} → ${r.finished}`, '',
    '| measure | value |', '|---|---|',
    `| success rate (audited +1) | ${pct(s.success_rate)} (${s.successes}/${s.tasks}) |`,
    `| as expected | ${pct(s.as_expected_rate)} |`,
    `| cost | ${s.cost_usd === null ? 'unpriced' : `$${s.cost_usd}`} |`,
    `| cost per successful task | ${s.cost_per_success === null ? 'n/a' : `$${s.cost_per_success}`} |`,
    `| tokens per success | ${s.tokens_per_success ?? 'n/a'} |`,
    `| mean task latency | ${s.mean_duration_ms === null ? 'n/a' : `${s.mean_duration_ms} ms`} |`,
    ...Object.entries(s.judges).map(([k, v]) => `| judge ${k} | ${v.pass} pass, ${v.fail} fail, ${v.error} error${v.pending ? `, ${v.pending} pending` : ''} |`),
    '', '| task | agent | # | expect | status | success | audit | judges | tokens | cost | ms |', '|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.tasks.map((t) => `| ${t.id} | ${t.agent} | ${t.repeat} | ${t.expect} | ${t.status} | ${t.success ? 'yes' : 'no'} | ${t.audit ?? ''} | ${t.judges.map((j) => `${j.name}:${j.status}`).join(' ')} | ${t.tokens.input + t.tokens.output} | ${t.cost ?? ''} | ${t.duration_ms ?? ''} |`),
    '',
  ];
  return lines.join('\n');
}
