// Inline SVG charts for the HTML reports: line charts (curves over task windows), bar charts
// with confidence whiskers, and stacked bars (a mix). Pure functions from numbers to markup;
// every data point is an element with its value in data-value, so a test (or a person with the
// inspector) can check what was drawn.

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const W = 560;
const H = 240;
const M = { top: 28, right: 16, bottom: 36, left: 52 };
const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d'];
const fmt = (n: number) => (Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 1000) / 1000));

function frame(kind: string, title: string, body: string, legend: string[]): string {
  const keys = legend.map((name, i) => `<g transform="translate(${M.left + i * 150},${H - 8})"><rect width="10" height="10" y="-9" fill="${COLORS[i % COLORS.length]}"/><text x="14" font-size="11">${esc(name)}</text></g>`).join('');
  return `<svg class="chart" data-chart="${kind}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">` +
    `<text x="${M.left}" y="16" font-size="13" font-weight="600">${esc(title)}</text>${body}${keys}</svg>`;
}

function yAxis(max: number, min: number, y: (v: number) => number): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * (max - min));
  return ticks.map((t) => `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e7eb"/><text x="${M.left - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${fmt(t)}</text>`).join('');
}

export interface Series {
  name: string;
  points: (number | null)[];
}

/** One polyline per series over x = 1..n; null points are gaps. */
export function lineChart(o: { title: string; series: Series[]; xLabel: string; min?: number; max?: number }): string {
  const all = o.series.flatMap((s) => s.points).filter((v): v is number => v !== null);
  const n = Math.max(1, ...o.series.map((s) => s.points.length));
  const min = o.min ?? Math.min(0, ...all);
  const max = o.max ?? Math.max(min + 1e-9, ...all);
  const x = (i: number) => M.left + (n === 1 ? 0.5 : i / (n - 1)) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - (v - min) / (max - min || 1)) * (H - M.top - M.bottom);
  const body = o.series.map((s, si) => {
    const color = COLORS[si % COLORS.length];
    const segs: string[][] = [[]];
    s.points.forEach((v, i) => (v === null ? segs.push([]) : segs[segs.length - 1].push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`)));
    const lines = segs.filter((g) => g.length > 1).map((g) => `<polyline fill="none" stroke="${color}" stroke-width="2" points="${g.join(' ')}"/>`).join('');
    const dots = s.points.map((v, i) => (v === null ? '' : `<circle class="point" data-series="${esc(s.name)}" data-value="${v}" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"><title>${esc(s.name)} ${i + 1}: ${fmt(v)}</title></circle>`)).join('');
    return `<g class="series">${lines}${dots}</g>`;
  }).join('');
  const xl = `<text x="${(W + M.left) / 2}" y="${H - 22}" font-size="10" text-anchor="middle">${esc(o.xLabel)}</text>`;
  return frame('line', o.title, yAxis(max, min, y) + body + xl, o.series.map((s) => s.name));
}

export interface Bar {
  group: string;
  series: string;
  value: number | null;
  low?: number;
  high?: number;
}

/** Grouped bars, one colour per series, with a whisker where an interval is given. */
export function barChart(o: { title: string; bars: Bar[]; unit?: string }): string {
  const groups = [...new Set(o.bars.map((b) => b.group))];
  const series = [...new Set(o.bars.map((b) => b.series))];
  const max = Math.max(1e-9, ...o.bars.flatMap((b) => [b.value ?? 0, b.high ?? 0]));
  const y = (v: number) => M.top + (1 - v / max) * (H - M.top - M.bottom);
  const gw = (W - M.left - M.right) / Math.max(1, groups.length);
  const bw = Math.min(48, (gw * 0.8) / Math.max(1, series.length));
  const body = groups.map((g, gi) => {
    const bars = series.map((s, si) => {
      const b = o.bars.find((x) => x.group === g && x.series === s);
      if (!b || b.value === null) return '';
      const x0 = M.left + gi * gw + (gw - bw * series.length) / 2 + si * bw;
      const whisker = b.low !== undefined && b.high !== undefined ? `<line class="ci" x1="${x0 + bw / 2}" x2="${x0 + bw / 2}" y1="${y(b.low)}" y2="${y(b.high)}" stroke="#111" stroke-width="1.5"/>` : '';
      return `<rect class="bar" data-series="${esc(s)}" data-group="${esc(g)}" data-value="${b.value}" x="${x0.toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${(y(0) - y(b.value)).toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${esc(`${s} ${g}: ${fmt(b.value)}${o.unit ?? ''}`)}</title></rect>${whisker}`;
    }).join('');
    return `${bars}<text x="${M.left + gi * gw + gw / 2}" y="${H - 22}" font-size="10" text-anchor="middle">${esc(g.slice(0, 24))}</text>`;
  }).join('');
  return frame('bar', o.title, yAxis(max, 0, y) + body, series);
}

/** One bar per label split into shares (0..1) by key: a mix, such as tiers per window. */
export function stackedBars(o: { title: string; stacks: { label: string; parts: Record<string, number> }[] }): string {
  const keys = [...new Set(o.stacks.flatMap((s) => Object.keys(s.parts)))].sort();
  const y = (v: number) => M.top + (1 - v) * (H - M.top - M.bottom);
  const gw = (W - M.left - M.right) / Math.max(1, o.stacks.length);
  const body = o.stacks.map((s, i) => {
    let acc = 0;
    const rects = keys.map((k, ki) => {
      const v = s.parts[k] ?? 0;
      if (v <= 0) return '';
      const r = `<rect class="bar" data-series="${esc(k)}" data-group="${esc(s.label)}" data-value="${v}" x="${(M.left + i * gw + gw * 0.15).toFixed(1)}" y="${y(acc + v).toFixed(1)}" width="${(gw * 0.7).toFixed(1)}" height="${(y(acc) - y(acc + v)).toFixed(1)}" fill="${COLORS[ki % COLORS.length]}"><title>${esc(`${s.label} ${k}: ${Math.round(v * 100)}%`)}</title></rect>`;
      acc += v;
      return r;
    }).join('');
    return `${rects}<text x="${M.left + i * gw + gw / 2}" y="${H - 22}" font-size="10" text-anchor="middle">${esc(s.label.slice(0, 16))}</text>`;
  }).join('');
  return frame('stacked', o.title, yAxis(1, 0, y) + body, keys);
}
