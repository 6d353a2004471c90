// The `models:` section of agents.yaml: model tiers and the routing policy, globally and per
// agent. It names the environment variable holding an API key, never the key itself.
import { z } from 'zod';
import type { ProviderKind, RiskLevel, LearningMode } from './types.ts';

export const TIER_NAMES = ['cheap-fast', 'balanced', 'strongest'] as const;
export type TierName = (typeof TIER_NAMES)[number];

const ModelEntrySchema = z.strictObject({
  provider: z.enum(['openai-compatible', 'openai', 'anthropic']).optional(),
  model: z.string().trim().min(1).optional(),
  base_url: z.string().trim().min(1).optional(),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable (e.g. OPENAI_API_KEY), never the key itself')
    .optional(),
  api_key: z
    .never({ error: 'never put a key in agents.yaml: set it in an environment variable and name that variable in api_key_env' })
    .optional(),
  /** USD per million tokens. */
  price: z.strictObject({ input: z.number().min(0), output: z.number().min(0) }).optional(),
  context_window: z.int().positive().optional(),
  max_tokens: z.int().min(1).max(1_000_000).optional(),
});

// One model, or a list (primary first). A single one is read as a list of one, so errors keep their path.
const TierSchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(ModelEntrySchema).min(1));

export const ModelsSchema = z.strictObject({
  tiers: z.partialRecord(z.enum(TIER_NAMES), TierSchema).optional(),
  /** The cheapest tier whose expected success reaches this is chosen (default by risk level). */
  target_success: z.number().gt(0).max(1).optional(),
  /** false: obey the route table only (default: on unless `learning: none`). */
  learn: z.boolean().optional(),
  /** Escalate one tier and retry once when verification fails (default true). */
  cascade: z.boolean().optional(),
  daily_budget_usd: z.number().positive().optional(),
  daily_budget_tokens: z.int().positive().optional(),
  consensus: z.strictObject({ calls: z.int().min(2).max(7), aggregate: z.enum(['majority', 'judge']) }).partial().optional(),
  /** Wall-clock seconds one task may take from context to commit, model calls and tools included. */
  task_deadline_s: z.number().positive().max(86_400).optional(),
});

/** The global section also holds the provider circuit breaker, shared by every agent. */
export const GlobalModelsSchema = ModelsSchema.extend({
  circuit: z.strictObject({ failures: z.int().min(1).max(100), cooldown_s: z.number().positive().max(3600) }).partial().optional(),
});

export type ModelsInput = z.infer<typeof ModelsSchema>;
export type GlobalModelsInput = z.infer<typeof GlobalModelsSchema>;

export interface TierModelConfig {
  provider?: ProviderKind;
  model?: string;
  baseURL?: string;
  /** Name of the environment variable that holds the key. */
  apiKeyEnv?: string;
  /** USD per million tokens. */
  price?: { input: number; output: number };
  contextWindow?: number;
  maxTokens?: number;
}

export interface ModelsPolicy {
  /** Configured tiers, each a chain: the first model is primary, the rest fallbacks and consensus voters. */
  tiers: Partial<Record<TierName, TierModelConfig[]>>;
  targetSuccess: number;
  learn: boolean;
  cascade: boolean;
  dailyBudgetUsd?: number;
  dailyBudgetTokens?: number;
  consensus: { calls: number; aggregate: 'majority' | 'judge' };
}

export interface CircuitSettings {
  failures: number;
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitSettings = { failures: 3, cooldownMs: 30_000 };

/** Stricter agents need more certainty before a cheaper model is trusted. */
export const TARGET_BY_RISK: Record<RiskLevel, number> = { low: 0.7, medium: 0.8, high: 0.9, critical: 0.95 };

function toTierModels(v: z.infer<typeof TierSchema>): TierModelConfig[] {
  return v.map((e) => ({
    ...(e.provider && { provider: e.provider }),
    ...(e.model && { model: e.model }),
    ...(e.base_url && { baseURL: e.base_url }),
    ...(e.api_key_env && { apiKeyEnv: e.api_key_env }),
    ...(e.price && { price: e.price }),
    ...(e.context_window && { contextWindow: e.context_window }),
    ...(e.max_tokens && { maxTokens: e.max_tokens }),
  }));
}

/** The agent's own `models:` over the global one, key by key (a tier is replaced whole). */
export function resolveModelsPolicy(
  global: ModelsInput | undefined,
  own: ModelsInput | undefined,
  agent: { riskLevel: RiskLevel; learning: LearningMode },
): ModelsPolicy {
  const g = global ?? {};
  const a = own ?? {};
  const tiers: ModelsPolicy['tiers'] = {};
  for (const [name, v] of Object.entries({ ...g.tiers, ...a.tiers })) if (v) tiers[name as TierName] = toTierModels(v);
  const budgetUsd = a.daily_budget_usd ?? g.daily_budget_usd;
  const budgetTokens = a.daily_budget_tokens ?? g.daily_budget_tokens;
  return {
    tiers,
    targetSuccess: a.target_success ?? g.target_success ?? TARGET_BY_RISK[agent.riskLevel],
    learn: a.learn ?? g.learn ?? agent.learning !== 'none',
    cascade: a.cascade ?? g.cascade ?? true,
    ...(budgetUsd !== undefined && { dailyBudgetUsd: budgetUsd }),
    ...(budgetTokens !== undefined && { dailyBudgetTokens: budgetTokens }),
    consensus: {
      calls: a.consensus?.calls ?? g.consensus?.calls ?? 3,
      aggregate: a.consensus?.aggregate ?? g.consensus?.aggregate ?? 'majority',
    },
  };
}

/** The agent's policy, or the defaults for a config built without agents.yaml (tests, tools). */
export function modelsPolicyOf(config: { models?: ModelsPolicy; riskLevel: RiskLevel; learning: LearningMode }): ModelsPolicy {
  return config.models ?? resolveModelsPolicy(undefined, undefined, config);
}

export function resolveCircuit(global: GlobalModelsInput | undefined): CircuitSettings {
  return {
    failures: global?.circuit?.failures ?? DEFAULT_CIRCUIT.failures,
    cooldownMs: global?.circuit?.cooldown_s !== undefined ? Math.round(global.circuit.cooldown_s * 1000) : DEFAULT_CIRCUIT.cooldownMs,
  };
}
