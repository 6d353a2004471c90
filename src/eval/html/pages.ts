// Self-contained HTML pages (inline CSS and SVG, no script, no external request): the
// comparison of two eval runs, the learning curves of a curriculum, and an agent's report.
import { comparisonRows, type Comparison } from '../compare.ts';
import type { LearningResult } from '../learning.ts';
import { seedMeasures, type AgentMeasures } from '../measures.ts';
import { barChart, esc, lineChart, stackedBars } from './svg.ts';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#111;max-width:1200px}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #eee;background:#fff}.note{color:#555}`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<title>${esc(title)}</title><style>${CSS}</style></head><body><h1>${esc(title)}</h1>${body}</body></html>\n`;
}

const table = (rows: string[][]) => `<table>${rows.map((r, i) => `<tr>${r.map((c) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('')}</table>`;

export function renderComparePage(c: Comparison): string {
  const sides = [c.a, c.b];
  const bars = (pick: (s: Comparison['a']) => { value: number | null; ci: { low: number; high: number } | null }, group: string) =>
    sides.map((s) => ({ group, series: s.label, value: pick(s).value, ...(pick(s).ci && { low: pick(s).ci!.low, high: pick(s).ci!.high }) }));
  const judges = [...new Set(sides.flatMap((s) => Object.keys(s.judges)))].sort();
  const st = c.sign_test;
  const body = [
    `<p>Suite <b>${esc(c.suite)}</b>. A = ${esc(c.a.run)}, B = ${esc(c.b.run)}. Intervals: Wilson 95% for rates, bootstrap 95% (fixed seed) for means.</p>`,
    table(comparisonRows(c)),
    `<p>Paired sign test on task success (${c.paired} pairs): B better on ${st.plus}, A better on ${st.minus}; two-sided p = ${st.p}.</p>`,
    ...c.notes.map((n) => `<p class="note">${esc(n)}</p>`),
    '<div class="charts">',
    barChart({ title: 'success rate (95% CI)', bars: bars((s) => s.success_rate, 'success rate') }),
    barChart({ title: 'cost per successful task, USD (95% CI)', bars: bars((s) => s.cost_per_success, 'cost per success'), unit: ' USD' }),
    barChart({ title: 'tokens per success (95% CI)', bars: bars((s) => s.tokens_per_success, 'tokens per success') }),
    barChart({ title: 'mean task latency, ms (95% CI)', bars: bars((s) => s.latency_ms, 'latency'), unit: ' ms' }),
    judges.length ? barChart({ title: 'judge pass rates (95% CI)', bars: judges.flatMap((j) => bars((s) => s.judges[j]?.rate ?? { value: null, ci: null }, j)) }) : '',
    stackedBars({ title: 'routing mix (share of tasks per tier)', stacks: sides.map((s) => ({ label: s.label, parts: s.tier_mix })) }),
    '</div>',
  ];
  return page(`Eval comparison: ${c.a.label} vs ${c.b.label}`, body.join('\n'));
}

function agentCharts(ms: { name: string; m: AgentMeasures }[]): string {
  const p0 = ms[0].m.progress;
  return [
    '<div class="charts">',
    lineChart({ title: 'learning curve: task success per window (audited +1)', xLabel: `window of tasks (${p0.success_over_time.map((w) => `${w.from}-${w.to}`).join(', ')})`, min: 0, max: 1, series: ms.map(({ name, m }) => ({ name, points: m.progress.success_over_time.map((w) => w.success) })) }),
    lineChart({ title: 'reward trend: mean effective reward per window', xLabel: 'window of tasks', min: -1, max: 1, series: ms.map(({ name, m }) => ({ name, points: m.progress.reward_trend.windows })) }),
    lineChart({ title: 'cost per successful task per window, USD', xLabel: 'window of tasks', min: 0, series: ms.map(({ name, m }) => ({ name, points: m.progress.routing.cost_per_success_by_window })) }),
    ...ms.map(({ name, m }) => stackedBars({ title: `routing mix per window (${name})`, stacks: m.progress.routing.tier_mix.map((parts, i) => ({ label: String(i + 1), parts })) })),
    '</div>',
  ].join('\n');
}

export function renderLearningPage(l: LearningResult): string {
  const ms = [{ name: 'learning', m: l.conditions.learning }, { name: 'no memory', m: l.conditions.no_memory }];
  const a = seedMeasures(l.conditions.learning);
  const b = seedMeasures(l.conditions.no_memory);
  const body = [
    `<p>Curriculum <b>${esc(l.suite)}</b>: ${l.tasks} tasks in order through a fresh <b>${esc(l.agent)}</b> and its no-memory twin (learning: none), model ${esc(l.model)}.</p>`,
    agentCharts(ms),
    '<h2>Seed 000 benchmarking directions</h2>',
    table([['group', 'measure', 'learning', 'no memory'], ...a.map((r, i) => [r.group, r.measure, r.value, b[i].value])]),
  ];
  return page(`Learning curves: ${l.suite}`, body.join('\n'));
}

export function renderReportPage(m: AgentMeasures): string {
  const rows = seedMeasures(m);
  const body = [
    `<p>${m.progress.tasks} tasks (${m.progress.dead_lettered} dead-lettered); now ${m.current.skills} skills, ${m.current.entities} entities, ${m.current.relations} relations, ${m.current.hypotheses} hypotheses. Computed from the agent's git history and files.</p>`,
    agentCharts([{ name: m.agent, m }]),
    '<h2>Seed 000 benchmarking directions</h2>',
    table([['group', 'measure', 'value'], ...rows.map((r) => [r.group, r.measure, r.value])]),
    Object.keys(m.progress.judges).length ? `<h2>Judges</h2>${table([['judge', 'pass', 'fail', 'error', 'pending', 'pass rate'], ...Object.entries(m.progress.judges).map(([k, v]) => [k, String(v.pass), String(v.fail), String(v.error), String(v.pending), v.pass_rate === null ? 'n/a' : `${Math.round(v.pass_rate * 100)}%`])])}` : '',
  ];
  return page(`Learning report: ${m.agent}`, body.join('\n'));
}
