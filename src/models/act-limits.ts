// Budgets of the act loop beyond its step count: tokens spent and wall time. Checked
// between steps (AI SDK stop conditions); when one is spent the loop stops calling
// tools and the model is asked for its final answer.
import type { StopCondition, ToolSet } from 'ai';

export interface ActLimits {
  /** Input + output tokens over all steps. */
  maxTokens?: number;
  /** Wall time since the loop started. */
  maxMs?: number;
}

export function limitConditions(limits: ActLimits | undefined, startedAt: number, now: () => number = () => performance.now()): StopCondition<ToolSet>[] {
  const out: StopCondition<ToolSet>[] = [];
  const max = limits?.maxTokens;
  if (max !== undefined) {
    out.push(({ steps }) => steps.reduce((n, s) => n + (s.usage.inputTokens ?? 0) + (s.usage.outputTokens ?? 0), 0) >= max);
  }
  const ms = limits?.maxMs;
  if (ms !== undefined) out.push(() => now() - startedAt >= ms);
  return out;
}
