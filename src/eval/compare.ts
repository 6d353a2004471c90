// `agentos eval compare RUN RUN`: two runs of the same suite side by side — success rate (Wilson
// 95%), cost per successful task, tokens per success and latency (bootstrap 95%, fixed seed),
// judge pass rates (Wilson), the routing mix — and a paired sign test on task success.
import { bootstrapMean, bootstrapRatio, signTest, wilson, type Interval } from './stats.ts';
import type { RunResults, TaskOutcome } from './results.ts';

export interface Estimate {
  value: number | null;
  ci: Interval | null;
}

export interface Side {
  run: string;
  label: string;
  tasks: number;
  successes: number;
  success_rate: Estimate;
  as_expected_rate: Estimate;
  cost_per_success: Estimate;
  tokens_per_success: Estimate;
  latency_ms: Estimate;
  judges: Record<string, { pass: number; total: number; rate: Estimate }>;
  tier_mix: Record<string, number>;
}

export interface Comparison {
  suite: string;
  a: Side;
  b: Side;
  /** Task runs present in both (by agent, task id and repeat). */
  paired: number;
  /** Paired success: plus = B succeeded where A failed, minus = the reverse. */
  sign_test: { n: number; plus: number; minus: number; p: number };
  notes: string[];
}

const r = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;
const rate = (k: number, n: number): Estimate => (n ? { value: r(k / n), ci: round(wilson(k, n)) } : { value: null, ci: null });
const round = (i: Interval | null, d = 4): Interval | null => (i ? { low: r(i.low, d), high: r(i.high, d) } : null);

function side(run: RunResults): Side {
  const t = run.tasks;
  const ok = t.filter((x) => x.success).length;
  const priced = t.every((x) => x.cost !== null);
  const ratio = (num: (x: TaskOutcome) => number, d = 4): Estimate => {
    if (!ok) return { value: null, ci: null };
    const items = t.map((x) => ({ num: num(x), den: x.success ? 1 : 0 }));
    return { value: r(items.reduce((s, i) => s + i.num, 0) / ok, d), ci: round(bootstrapRatio(items), d) };
  };
  const timed = t.filter((x) => x.duration_ms !== null).map((x) => x.duration_ms!);
  const judges: Side['judges'] = {};
  for (const x of t) for (const j of x.judges) {
    const s = (judges[j.name] ??= { pass: 0, total: 0, rate: { value: null, ci: null } });
    s.total++;
    if (j.status === 'pass') s.pass++;
  }
  for (const s of Object.values(judges)) s.rate = rate(s.pass, s.total);
  const tiers: Record<string, number> = {};
  for (const x of t) if (x.tier) tiers[x.tier] = (tiers[x.tier] ?? 0) + 1;
  const routed = Object.values(tiers).reduce((a, b) => a + b, 0);
  return {
    run: run.run, label: run.policy?.name ?? run.run, tasks: t.length, successes: ok,
    success_rate: rate(ok, t.length),
    as_expected_rate: rate(t.filter((x) => x.as_expected).length, t.length),
    cost_per_success: priced ? ratio((x) => x.cost ?? 0, 6) : { value: null, ci: null },
    tokens_per_success: ratio((x) => x.tokens.input + x.tokens.output, 1),
    latency_ms: timed.length ? { value: r(timed.reduce((a, b) => a + b, 0) / timed.length, 1), ci: round(bootstrapMean(timed), 1) } : { value: null, ci: null },
    judges,
    tier_mix: Object.fromEntries(Object.entries(tiers).map(([k, v]) => [k, r(v / routed, 3)])),
  };
}

export function compareRuns(a: RunResults, b: RunResults): Comparison {
  const notes: string[] = [];
  if (a.suite.sha256 !== b.suite.sha256) notes.push(`the runs used different suites (${a.suite.name} ${a.suite.sha256.slice(0, 8)} vs ${b.suite.name} ${b.suite.sha256.slice(0, 8)}): only tasks in both are paired`);
  const key = (x: TaskOutcome) => `${x.agent}/${x.id}/${x.repeat}`;
  const inB = new Map(b.tasks.map((x) => [key(x), x]));
  let plus = 0;
  let minus = 0;
  let paired = 0;
  for (const x of a.tasks) {
    const y = inB.get(key(x));
    if (!y) continue;
    paired++;
    if (y.success && !x.success) plus++;
    if (x.success && !y.success) minus++;
  }
  if (paired < a.tasks.length || paired < b.tasks.length) notes.push(`${paired} task runs paired of ${a.tasks.length} and ${b.tasks.length}`);
  const sa = side(a);
  const sb = side(b);
  if (sa.cost_per_success.value === null && sa.successes) notes.push(`${sa.label}: some calls were unpriced (set price: in the tiers), so cost per success is not given`);
  if (sb.cost_per_success.value === null && sb.successes) notes.push(`${sb.label}: some calls were unpriced (set price: in the tiers), so cost per success is not given`);
  const st = signTest(plus, minus);
  return { suite: a.suite.name, a: sa, b: sb, paired, sign_test: { ...st, p: r(st.p, 6) }, notes };
}

/** The side-by-side as text rows (the CLI prints them; the HTML page shows the same). */
export function comparisonRows(c: Comparison): string[][] {
  const pct = (e: Estimate) => (e.value === null ? 'n/a' : `${(e.value * 100).toFixed(1)}% [${(e.ci!.low * 100).toFixed(1)}–${(e.ci!.high * 100).toFixed(1)}]`);
  const num = (e: Estimate, unit = '', pre = '') => (e.value === null ? 'n/a' : `${pre}${e.value}${unit}${e.ci ? ` [${pre}${e.ci.low}–${pre}${e.ci.high}]` : ''}`);
  const names = [...new Set([...Object.keys(c.a.judges), ...Object.keys(c.b.judges)])].sort();
  const judge = (s: Side, n: string) => (s.judges[n] ? `${pct(s.judges[n].rate)} (${s.judges[n].pass}/${s.judges[n].total})` : '—');
  const mix = (s: Side) => Object.entries(s.tier_mix).map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(', ') || 'n/a';
  return [
    ['measure', `A: ${c.a.label}`, `B: ${c.b.label}`],
    ['success rate (95% CI)', `${pct(c.a.success_rate)} (${c.a.successes}/${c.a.tasks})`, `${pct(c.b.success_rate)} (${c.b.successes}/${c.b.tasks})`],
    ['as expected', pct(c.a.as_expected_rate), pct(c.b.as_expected_rate)],
    ['cost per successful task', num(c.a.cost_per_success, '', '$'), num(c.b.cost_per_success, '', '$')],
    ['tokens per success', num(c.a.tokens_per_success), num(c.b.tokens_per_success)],
    ['mean latency', num(c.a.latency_ms, ' ms'), num(c.b.latency_ms, ' ms')],
    ...names.map((n) => [`judge ${n} pass rate`, judge(c.a, n), judge(c.b, n)]),
    ['routing mix', mix(c.a), mix(c.b)],
  ];
}

export function formatComparison(c: Comparison): string {
  const rows = comparisonRows(c);
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(w[i])).join(' | ')} |`;
  const s = c.sign_test;
  return [
    `suite ${c.suite}: A = ${c.a.run}, B = ${c.b.run}`,
    '',
    line(rows[0]),
    `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
    '',
    `paired sign test on success (${c.paired} pairs): B better on ${s.plus}, A better on ${s.minus}; two-sided p = ${s.p}${s.p < 0.05 ? ' (significant at 0.05)' : ''}`,
    ...c.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
