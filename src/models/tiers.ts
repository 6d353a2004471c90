// Model tiers resolved into callable settings. A tier not configured in agents.yaml is the
// LLM_* model, so with only LLM_* set every tier is that one model (the core's behaviour).
import { TIER_NAMES, type ModelSettings, type ModelsPolicy, type TierModelConfig, type TierName } from '../config/index.ts';
import { describeModel } from './provider.ts';

export interface Price {
  /** USD per million input tokens. */
  input: number;
  output: number;
}

export interface TierModel {
  tier: TierName;
  settings: ModelSettings;
  price: Price | null;
  contextWindow: number | null;
  /** The provider endpoint, for its circuit breaker: provider kind and base URL. */
  endpoint: string;
  /** Provider, model and base URL without credentials: safe to print. */
  label: string;
}

export interface Tiers {
  /** Cheapest first. Each tier is a chain: primary model first. */
  byName: Record<TierName, TierModel[]>;
  /** Configuration problems worth a warning (e.g. an unset key variable). */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

export function resolveTiers(policy: ModelsPolicy, base: ModelSettings, env: Env = process.env): Tiers {
  const warnings: string[] = [];
  const byName = {} as Record<TierName, TierModel[]>;
  for (const tier of TIER_NAMES) {
    const configured = policy.tiers[tier];
    byName[tier] = configured?.length ? configured.map((c) => fromConfig(tier, c, base, env, warnings)) : [toTierModel(tier, base, null, null)];
  }
  return { byName, warnings };
}

function fromConfig(tier: TierName, c: TierModelConfig, base: ModelSettings, env: Env, warnings: string[]): TierModel {
  const provider = c.provider ?? base.provider;
  const baseURL = c.baseURL ?? (c.provider && c.provider !== base.provider ? defaultBaseURL(c.provider) : base.baseURL);
  let apiKey: string | undefined;
  if (c.apiKeyEnv) {
    apiKey = env[c.apiKeyEnv] || undefined;
    if (!apiKey) warnings.push(`models.tiers.${tier}: environment variable ${c.apiKeyEnv} is not set; calls to ${c.model ?? base.model} go without a key`);
  } else if (provider === base.provider && baseURL === base.baseURL) {
    // Same endpoint as LLM_*: its key applies. Never send LLM_API_KEY to another host.
    apiKey = base.apiKey;
  }
  const settings: ModelSettings = {
    ...base,
    provider,
    baseURL,
    model: c.model ?? base.model,
    apiKey,
    ...(c.maxTokens && { maxTokens: c.maxTokens }),
  };
  return toTierModel(tier, settings, c.price ?? null, c.contextWindow ?? null);
}

function toTierModel(tier: TierName, settings: ModelSettings, price: Price | null, contextWindow: number | null): TierModel {
  return { tier, settings, price, contextWindow, endpoint: `${settings.provider} ${settings.baseURL}`, label: describeModel(settings) };
}

function defaultBaseURL(provider: ModelSettings['provider']): string {
  return provider === 'anthropic' ? 'https://api.anthropic.com/v1' : 'https://api.openai.com/v1';
}

/** Same provider, endpoint and model: calling one after the other would change nothing. */
export function sameModel(a: TierModel, b: TierModel): boolean {
  return a.endpoint === b.endpoint && a.settings.model === b.settings.model;
}

/** The tier's chain, then stronger tiers, then weaker ones, each distinct model once. */
export function fallbackChain(tiers: Tiers, tier: TierName): TierModel[] {
  const i = TIER_NAMES.indexOf(tier);
  const order = [tier, ...TIER_NAMES.slice(i + 1), ...TIER_NAMES.slice(0, i).reverse()];
  const out: TierModel[] = [];
  for (const t of order) for (const m of tiers.byName[t]) if (!out.some((o) => sameModel(o, m))) out.push(m);
  return out;
}

/** The next stronger tier whose primary model differs from this one's, if any. */
export function strongerTier(tiers: Tiers, tier: TierName): TierName | undefined {
  const here = tiers.byName[tier][0];
  for (const t of TIER_NAMES.slice(TIER_NAMES.indexOf(tier) + 1)) if (!sameModel(tiers.byName[t][0], here)) return t;
  return undefined;
}

/** USD for a call, or null when the model has no price configured. */
export function costUsd(price: Price | null, usage: { inputTokens: number; outputTokens: number }): number | null {
  if (!price) return null;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
