// models/: providers, structured output, retries, tiers and the router, the cost ledger, and
// the scripted model servers. Only what other folders use is exported; the rest stays inside.
export type { GenerateResult, Usage } from './types.ts';
export { ModelCallError, type ModelCallErrorKind } from './errors.ts';
export { generateStructured, type GenerateOptions } from './generate.ts';
export { extractJson } from './json-extract.ts';
export { deadlineSignal, type DeadlineSignal } from './deadline-signal.ts';
export { startScriptedServer, type Reply, type Script, type ScriptedServer, type ScriptRequest } from './scripted-server.ts';
export { startOfflineModel } from './offline-model.ts';
export { resolveTiers, fallbackChain, strongerTier, sameModel, costUsd, type Tiers, type TierModel, type Price } from './tiers.ts';
export { Breakers } from './breaker.ts';
export { callChain, callId, type ChainDeps, type ChainResult, type TraceFn } from './call-chain.ts';
export { runConsensus } from './consensus.ts';
export {
  Router, DEFAULT_ROUTE_TABLE, DEMANDS, TEXT_LIMIT, parseRouteTable, describeRoute, judgeAppropriate, outcomeScore,
  type RouteDecision, type FamiliarityProbe, type SkillLike,
} from './router/index.ts';
export {
  CostBook, ledgerPaths, readDay, readPending, daySpend, recentTaskLines, ledgerDays, parseLedger, budgetVerdict, nextUtcMidnight, BudgetExceededError,
  type CallLine, type TaskLine, type LedgerLine, type BudgetVerdict,
} from './ledger/index.ts';
export { summarizeRouting } from './routing-summary.ts';
export { ActPausedError, type PendingAction } from './pause.ts';
export type { ActLimits } from './act-limits.ts';
export { wrapToolExecutes } from './tool-wrap.ts';
export { withExchangeScope, describeDifference, seedOf, type ExchangeScope, type ExchangeLabel, type ModelExchange, type RecordedResponse, type RequestDigest } from './exchange.ts';
export type { StepHooks, ToolCallIntent } from './step-hooks.ts';
