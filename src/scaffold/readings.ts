// Free-text answers read into enforceable settings (pure): privacy requirements → PII detectors,
// success metrics → measures the runtime computes. Each reading is kept, so the generated
// README can say how every answer was understood.
import { MEASURE_NAMES, type Measure } from '../config/index.ts';
import { PII_DETECTORS, type PiiDetector } from '../telemetry/index.ts';
import type { Answers } from './answers.ts';
import { ScaffoldError } from './errors.ts';

export interface PrivacyPlan {
  detectors: PiiDetector[];
  reading: string;
}

const PII_WORDS: [RegExp, PiiDetector[]][] = [
  [/\b(pii|personal( data| information)?|gdpr|hipaa|ccpa|privacy|confidential|customer data|patient( data)?|sensitive)\b/i, ['email', 'phone', 'credit_card', 'iban', 'us_ssn']],
  [/\be-?mails?\b/i, ['email']],
  [/\b(phones?|telephone|mobile)\b/i, ['phone']],
  [/\b(cards?|credit|payments?|pci)\b/i, ['credit_card']],
  [/\b(iban|bank|account numbers?)\b/i, ['iban']],
  [/\b(ssn|social security)\b/i, ['us_ssn']],
  [/\b(ip address(es)?|ipv4)\b/i, ['ipv4']],
];

export function readPrivacy(text: string): PrivacyPlan {
  const found = new Set<PiiDetector>();
  for (const [re, ds] of PII_WORDS) if (re.test(text)) for (const d of ds) found.add(d);
  for (const d of PII_DETECTORS) if (new RegExp(`\\b${d}\\b`, 'i').test(text)) found.add(d);
  const detectors = PII_DETECTORS.filter((d) => found.has(d));
  return {
    detectors,
    reading: detectors.length
      ? `redacted from logs, commit messages and the model's context: ${detectors.join(', ')}`
      : 'no PII rules (the answer named no personal data); secrets are redacted as always',
  };
}

export interface MetricPlan {
  metrics: { name: string; measure: Measure; target?: number }[];
  readings: { answer: string; measure: Measure; why: string }[];
}

const METRIC_WORDS: [RegExp, Measure, string][] = [
  [/\b(hallucinat\w*|overclaim\w*|false (claims?|positives?)|fabricat\w*|mistakes?|errors?)\b/i, 'audit_divergence_rate', 'how often the self-score claimed more than the audit allowed'],
  [/\b(satisf\w*|csat|nps|helpful\w*|rat(ed|ing|ings)|approv\w*|judg\w*|thumbs)\b/i, 'label_good_rate', 'share of outcome labels a person marked good'],
  [/\b(cost|spend\w*|cheap\w*|budget|dollars?|\$)\b/i, 'cost_per_success_usd', 'model spend per audited success'],
  [/\b(tokens?)\b/i, 'tokens_per_task', 'model tokens per task'],
  [/\b(reject\w*|denied|denials?|refus\w*)\b/i, 'approval_rejection_rate', 'share of gated calls a person denied'],
  [/\b(escalat\w*|handoffs?)\b/i, 'escalation_rate', 'share of tasks escalated to a stronger model after a failed check'],
  [/\b(dead|dropped|lost|abandon\w*|timeouts?)\b/i, 'dead_letter_rate', 'share of tasks that could not complete'],
  [/\b(reuse\w*|learn\w*)\b/i, 'skill_reuse_rate', 'share of skill uses that reused an earned skill'],
  [/\b(accura\w*|correct\w*|precision|recall|cit(e|es|ed|ing|ation|ations)|grounded|valid\w*|compliant|quality|pass\w*)\b/i, 'verify_pass_rate', "share of results that passed their task's check (verify)"],
  [/\b(success\w*|resolv\w*|solved|complet\w*|done|throughput|first[- ]contact)\b/i, 'success_rate', 'share of tasks with an audited +1'],
];

/** A number in the answer: "95%" → 0.95, "$0.05" → 0.05, "0.9" → 0.9. */
function targetOf(text: string, measure: Measure): number | undefined {
  const pct = /(\d+(?:\.\d+)?)\s*%/.exec(text);
  if (pct) return Number(pct[1]) / 100;
  const n = /\$?\s*(\d+(?:\.\d+)?)/.exec(text);
  if (!n) return undefined;
  const v = Number(n[1]);
  return measure.endsWith('_rate') && v > 1 ? undefined : v;
}

export function readMetrics(answers: Answers['success_metrics'], risk: Answers['risk_level']): MetricPlan {
  const plan: MetricPlan = { metrics: [], readings: [] };
  for (const m of answers) {
    let measure: Measure;
    let why: string;
    if (m.measure !== undefined) {
      if (!(MEASURE_NAMES as string[]).includes(m.measure)) throw new ScaffoldError('ANSWERS_INVALID', `success_metrics: "${m.name}": measure "${m.measure}" is not one the runtime computes (${MEASURE_NAMES.join(', ')})`);
      measure = m.measure as Measure;
      why = 'as given';
    } else {
      const hit = METRIC_WORDS.find(([re]) => re.test(m.name));
      measure = hit?.[1] ?? 'success_rate';
      why = hit?.[2] ?? 'no closer measure in v1: the audited success rate stands in for it';
    }
    const target = m.target ?? targetOf(m.name, measure);
    plan.metrics.push({ name: m.name, measure, ...(target !== undefined && { target }) });
    plan.readings.push({ answer: m.name, measure, why });
  }
  const add = (name: string, measure: Measure, why: string) => {
    if (plan.metrics.some((x) => x.measure === measure)) return;
    plan.metrics.push({ name, measure });
    plan.readings.push({ answer: `(added) ${name}`, measure, why });
  };
  add('tasks solved', 'success_rate', 'every runtime reports its audited success rate');
  add('results pass their check', 'verify_pass_rate', 'every example task carries a check');
  if (risk === 'high' || risk === 'critical') add('self-score overclaims', 'audit_divergence_rate', `${risk} risk: watch for confident wrong answers`);
  return plan;
}
