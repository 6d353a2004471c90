// agents.yaml `metrics:` per agent (seed 000's SUCCESS_METRICS made measurable): each names a
// measure the runtime computes from the agent's git history, with an optional target that
// `agentos report` checks. The measures and their direction are listed here; learn/metrics.ts
// computes them.
import { z } from 'zod';

/** Measure → whether higher is better. */
export const MEASURES = {
  success_rate: true,
  verify_pass_rate: true,
  label_good_rate: true,
  skill_reuse_rate: true,
  dead_letter_rate: false,
  audit_divergence_rate: false,
  approval_rejection_rate: false,
  escalation_rate: false,
  cost_per_success_usd: false,
  tokens_per_task: false,
} as const;

export type Measure = keyof typeof MEASURES;
export const MEASURE_NAMES = Object.keys(MEASURES) as Measure[];

export const MetricSchema = z.strictObject({
  /** The success metric in the words of whoever set it ("answers cite a source"). */
  name: z.string().trim().min(1).max(120),
  measure: z.enum(MEASURE_NAMES as [Measure, ...Measure[]]),
  /** Met when the measure reaches it (at least, or at most for measures where lower is better). */
  target: z.number().min(0).optional(),
});

export const MetricsSchema = z.array(MetricSchema).max(20);

export interface SuccessMetric {
  name: string;
  measure: Measure;
  target?: number;
}
