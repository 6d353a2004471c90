// Learning curves with uPlot (small, fast, canvas: data never becomes HTML): success and reward
// per task, skills earned over time, spend and cost per successful task per day.
import uPlot from '/ui/vendor/uplot.esm.js';
import { h } from './dom.js';

const secs = (iso) => Math.floor(new Date(iso).getTime() / 1000);

function plot(title, data, series, opts = {}) {
  const box = h('div', { class: 'chart' });
  const width = () => Math.max(280, Math.min(box.parentElement?.clientWidth ?? 560, 900) - 24);
  const axes = opts.time === false ? [{ incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, {}] : undefined;
  const chart = new uPlot({ title, width: 560, height: 200, series: [{}, ...series], scales: { x: { time: opts.time !== false } }, axes, legend: { live: false } }, data, box);
  requestAnimationFrame(() => chart.setSize({ width: width(), height: 200 }));
  return { el: box, chart };
}

/** Rolling share of audited +1 over the last `n` tasks. */
function rolling(values, n) {
  const out = [];
  let sum = 0;
  values.forEach((v, i) => {
    sum += v === 1 ? 1 : 0;
    if (i >= n) sum -= values[i - n] === 1 ? 1 : 0;
    out.push(sum / Math.min(i + 1, n));
  });
  return out;
}

export function learningCharts(report) {
  const t = report.timeline;
  if (!t.length) return [h('p', { class: 'muted' }, 'No tasks yet: the curves start with the first committed task.')];
  const idx = t.map((_, i) => i + 1);
  const eff = t.map((p) => p.effective);
  let skills = 0;
  const earned = t.map((p) => (skills += p.skillEarned ? 1 : 0));
  const out = [
    plot('Success (rolling 10) and audited reward per task', [idx, rolling(eff, 10), eff, t.map((p) => p.reward)], [
      { label: 'success rate', stroke: '#2563eb', width: 2 },
      { label: 'audited reward', stroke: '#16a34a', paths: () => null, points: { show: true, size: 5, fill: '#16a34a' } },
      { label: 'self-score', stroke: '#9ca3af', paths: () => null, points: { show: true, size: 3 } },
    ], { time: false }).el,
    plot('Skills earned (cumulative)', [idx, earned], [{ label: 'skills earned', stroke: '#7c3aed', width: 2 }], { time: false }).el,
  ];
  const s = report.spend.filter((d) => d.calls || d.tasks);
  const last = s[s.length - 1];
  if (last) out.push(h('p', {}, `Spend on ${last.day}: $${last.usd} for ${last.calls} model calls, ${last.tasks} tasks, ${last.successes} successful; cost per success ${last.cost_per_success === null ? '—' : `$${last.cost_per_success}`}.`));
  if (s.length >= 2) {
    out.push(plot('Spend and cost per successful task (per day, USD)', [s.map((d) => secs(`${d.day}T12:00:00Z`)), s.map((d) => d.usd), s.map((d) => d.cost_per_success)], [
      { label: 'spend', stroke: '#ea580c', width: 2 },
      { label: 'cost per success', stroke: '#0891b2', width: 2 },
    ]).el);
  }
  return out;
}
