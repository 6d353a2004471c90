// What the rest of AgentOS asks of a model and gets back.
import type { ModelMessage, ToolSet } from 'ai';
import type { ActLimits } from './act-limits.ts';
import type { StepHooks } from './step-hooks.ts';
import type { z } from 'zod';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface GenerateRequest<T> {
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  /** Tools for the multi-step act loop; omitted means a single call. */
  tools?: ToolSet;
  maxSteps?: number;
  abortSignal?: AbortSignal;
  /** Continue a paused loop from these messages instead of starting from `prompt`. */
  messages?: ModelMessage[];
  /** Token and wall-time budgets of the tool loop. */
  limits?: ActLimits;
  /** Hears each model step and tool call of the loop (the kernel's step checkpoints). */
  steps?: StepHooks;
}

export interface CallRecord {
  attempt: number;
  status: 'ok' | 'error';
  ms: number;
  error?: string;
  statusCode?: number;
}

export interface GenerateResult<T> {
  value: T;
  usage: Usage;
  /** Wall time spent waiting on the model, summed over attempts and steps. */
  modelMs: number;
  model: string;
  steps: number;
  calls: CallRecord[];
  toolCalls: { name: string; ms: number; ok: boolean }[];
}
