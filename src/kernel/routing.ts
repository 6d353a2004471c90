// Each agent's routing state: its tiers, router, cost ledger and the runtime's shared
// provider breakers. Everything the router knows is rebuilt from the ledger files at start.
import { DEFAULT_CIRCUIT, modelsPolicyOf } from '../config/index.ts';
import {
  Breakers,
  BudgetExceededError,
  budgetVerdict,
  nextUtcMidnight,
  CostBook,
  daySpend,
  ledgerPaths,
  recentTaskLines,
  resolveTiers,
  Router,
  type BudgetVerdict,
  type FamiliarityProbe,
  type GenerateOptions,
  type Tiers,
} from '../models/index.ts';
import { registerSecret } from '../telemetry/index.ts';
import type { AgentContext } from './agent-context.ts';

export interface AgentRouting {
  tiers: Tiers;
  router: Router;
  book: CostBook;
  breakers: Breakers;
  /** Replaces the familiarity feature (tests); absent, it comes from the agent's world model (learn's worldFamiliarity). */
  familiarity?: FamiliarityProbe;
  /** Retry timing for model calls (tests shorten it). */
  generateOptions?: GenerateOptions;
}

export function createRouting(ctx: Pick<AgentContext, 'config' | 'model' | 'dataDir'>, breakers: Breakers, over: Partial<AgentRouting> = {}): AgentRouting {
  const tiers = resolveTiers(modelsPolicyOf(ctx.config), ctx.model);
  // Keys named by api_key_env need not end in _API_KEY: redact them wherever they might echo.
  for (const chain of Object.values(tiers.byName)) for (const m of chain) registerSecret(m.settings.apiKey);
  return {
    tiers,
    router: new Router(),
    book: new CostBook(ledgerPaths(ctx.dataDir, ctx.config.name)),
    breakers,
    ...over,
  };
}

/** The agent's routing state; one with the defaults is made on first use if none was given. */
export function routingOf(ctx: AgentContext): AgentRouting {
  ctx.routing ??= createRouting(ctx, new Breakers(DEFAULT_CIRCUIT));
  return ctx.routing;
}

/** Reads the ledger: today's spend, calls a crash left pending, and past outcomes to relearn. */
export async function loadRouting(ctx: AgentContext): Promise<void> {
  const r = routingOf(ctx);
  for (const w of r.tiers.warnings) ctx.log.warn({ agent: ctx.config.name }, w);
  for (const p of await r.book.load()) ctx.log.warn({ agent: ctx.config.name }, p.message);
  for (const t of await recentTaskLines(ctx.paths.root)) {
    r.router.observe({ text: t.text, tags: t.tags, attempts: t.attempts.map((a) => ({ tier: a.tier, success: a.success })) });
  }
}

export function budgetState(ctx: AgentContext): BudgetVerdict {
  const r = routingOf(ctx);
  const p = modelsPolicyOf(ctx.config);
  if (p.dailyBudgetUsd === undefined && p.dailyBudgetTokens === undefined) return { paused: false };
  const unreadable = r.book.unreadableSpend();
  if (unreadable) return { paused: true, reason: unreadable, resumesAt: nextUtcMidnight(r.book.today()) };
  return budgetVerdict(r.book.spentToday(), { usd: p.dailyBudgetUsd, tokens: p.dailyBudgetTokens }, r.book.today());
}

/** Throws BudgetExceededError when the agent's daily budget is spent (runs before every request). */
export function checkBudget(ctx: AgentContext): void {
  const v = budgetState(ctx);
  if (v.paused) throw new BudgetExceededError(ctx.config.name, v.reason, v.resumesAt);
}

export interface BudgetStatus {
  /** The UTC day the figures are for. */
  day: string;
  spentUsd: number;
  tokens: number;
  calls: number;
  /** Calls to models with no price configured: counted in tokens, not in dollars. */
  unpricedCalls: number;
  limitUsd: number | null;
  limitTokens: number | null;
  paused: boolean;
  reason?: string;
  resumesAt?: string;
}

/** Today's spend and whether the budget pauses the agent, from the files alone (status, API). */
export async function budgetStatus(dataDir: string, config: AgentContext['config'], now: Date = new Date()): Promise<BudgetStatus> {
  const day = now.toISOString().slice(0, 10);
  const spent = await daySpend(ledgerPaths(dataDir, config.name), day);
  const p = modelsPolicyOf(config);
  const limits = { usd: p.dailyBudgetUsd, tokens: p.dailyBudgetTokens };
  const v = budgetVerdict(spent, limits, day);
  return {
    day,
    spentUsd: Math.round(spent.usd * 1e6) / 1e6,
    tokens: spent.tokens,
    calls: spent.calls,
    unpricedCalls: spent.unpricedCalls,
    limitUsd: limits.usd ?? null,
    limitTokens: limits.tokens ?? null,
    paused: v.paused,
    ...(v.paused && { reason: v.reason, resumesAt: v.resumesAt }),
  };
}
