// Success metrics (agents.yaml `metrics:`), computed from the agent's git history alone: each
// task commit carries its outcome, verify, cascade, cost and tool-call lines; dead letters and
// a person's outcome labels are commits of their own. Pure: `agentos report` feeds it the log.
import { MEASURES, type Measure, type SuccessMetric } from '../config/index.ts';
import type { HistoryCommit } from './progress.ts';

export interface MetricValue {
  name: string;
  measure: Measure;
  /** null when there is nothing to measure yet (no tasks, no verify, nothing priced). */
  value: number | null;
  /** How many observations the value rests on. */
  n: number;
  target?: number;
  higherIsBetter: boolean;
  /** undefined without a target or a value. */
  met?: boolean;
}

const OUTCOME = /^outcome: \S+; reward ([+-]?\d), audit ([+-]?\d)/m;
const COST = /^cost: (?:\$([\d.]+)|unpriced), (\d+) tokens/m;
const GOOD_LABEL = /^(good|correct|pass|passed|ok|yes|approved|accept|accepted|\+1|1)$/i;

interface Tally {
  tasks: number;
  successes: number;
  dead: number;
  divergent: number;
  verified: number;
  verifyPassed: number;
  approved: number;
  denied: number;
  escalated: number;
  costUsd: number;
  priced: number;
  tokens: number;
  labels: number;
  goodLabels: number;
  reused: number;
  earned: number;
}

function tally(commits: HistoryCommit[]): Tally {
  const t: Tally = { tasks: 0, successes: 0, dead: 0, divergent: 0, verified: 0, verifyPassed: 0, approved: 0, denied: 0, escalated: 0, costUsd: 0, priced: 0, tokens: 0, labels: 0, goodLabels: 0, reused: 0, earned: 0 };
  for (const c of commits) {
    if (/^[^(]+\(dead-letter\): /.test(c.subject)) {
      t.tasks++;
      t.dead++;
      continue;
    }
    if (/^[^(]+\(label\): /.test(c.subject)) {
      const label = /^label: (.+)$/m.exec(c.body)?.[1].trim();
      if (label !== undefined) {
        t.labels++;
        if (GOOD_LABEL.test(label)) t.goodLabels++;
      }
      continue;
    }
    if (!/^[^(]+\(task\): /.test(c.subject)) continue;
    const o = OUTCOME.exec(c.body);
    if (!o) continue;
    t.tasks++;
    const reward = Number(o[1]);
    const audit = Number(o[2]);
    if (Math.min(reward, audit) === 1) t.successes++;
    if (reward !== audit) t.divergent++;
    const v = /^verify: (passed|failed)$/m.exec(c.body);
    if (v) {
      t.verified++;
      if (v[1] === 'passed') t.verifyPassed++;
    }
    if (/^cascade: /m.test(c.body)) t.escalated++;
    const cost = COST.exec(c.body);
    if (cost) {
      t.tokens += Number(cost[2]);
      if (cost[1] !== undefined) {
        t.costUsd += Number(cost[1]);
        t.priced++;
      }
    }
    for (const line of c.body.split('\n')) {
      if (!line.startsWith('- ') || !line.includes(' → ')) continue;
      if (/, approved by /.test(line)) t.approved++;
      else if (/, denied by /.test(line)) t.denied++;
    }
    if (/^skill earned: /m.test(c.body)) t.earned++;
    if (/^skill strengthened: /m.test(c.body)) t.reused++;
  }
  return t;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

function measure(t: Tally, m: Measure): { value: number | null; n: number } {
  switch (m) {
    case 'success_rate': return { value: ratio(t.successes, t.tasks), n: t.tasks };
    case 'verify_pass_rate': return { value: ratio(t.verifyPassed, t.verified), n: t.verified };
    case 'label_good_rate': return { value: ratio(t.goodLabels, t.labels), n: t.labels };
    case 'skill_reuse_rate': return { value: ratio(t.reused, t.reused + t.earned), n: t.reused + t.earned };
    case 'dead_letter_rate': return { value: ratio(t.dead, t.tasks), n: t.tasks };
    case 'audit_divergence_rate': return { value: ratio(t.divergent, t.tasks - t.dead), n: t.tasks - t.dead };
    case 'approval_rejection_rate': return { value: ratio(t.denied, t.approved + t.denied), n: t.approved + t.denied };
    case 'escalation_rate': return { value: ratio(t.escalated, t.tasks - t.dead), n: t.tasks - t.dead };
    case 'cost_per_success_usd': return { value: t.priced > 0 && t.successes > 0 ? Math.round((t.costUsd / t.successes) * 1e6) / 1e6 : null, n: t.priced };
    case 'tokens_per_task': return { value: t.tasks - t.dead > 0 ? Math.round(t.tokens / (t.tasks - t.dead)) : null, n: t.tasks - t.dead };
  }
}

/** `commits` oldest first (order does not matter for these measures). */
export function successMetrics(commits: HistoryCommit[], metrics: SuccessMetric[]): MetricValue[] {
  const t = tally(commits);
  return metrics.map((m) => {
    const { value, n } = measure(t, m.measure);
    const higherIsBetter = MEASURES[m.measure];
    const met = m.target === undefined || value === null ? undefined : higherIsBetter ? value >= m.target : value <= m.target;
    return { name: m.name, measure: m.measure, value, n, ...(m.target !== undefined && { target: m.target }), higherIsBetter, ...(met !== undefined && { met }) };
  });
}

export function formatMetric(v: MetricValue): string {
  const pct = v.measure.endsWith('_rate');
  const show = (x: number) => (pct ? `${Math.round(x * 1000) / 10}%` : String(x));
  const value = v.value === null ? 'n/a (nothing to measure yet)' : `${show(v.value)} over ${v.n}`;
  const target = v.target === undefined ? '' : ` — target ${v.higherIsBetter ? '≥' : '≤'} ${show(v.target)}: ${v.met === undefined ? 'not yet measurable' : v.met ? 'met' : 'NOT met'}`;
  return `${v.name} (${v.measure}): ${value}${target}`;
}
