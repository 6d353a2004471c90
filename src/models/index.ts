// models/: providers, structured output, retries and scripted model servers.
export type { CallRecord, GenerateRequest, GenerateResult, Usage } from './types.ts';
export { ModelCallError, redactSecrets } from './errors.ts';
export type { ModelCallErrorKind } from './errors.ts';
export { createLanguageModel, describeModel, ModelConfigError } from './provider.ts';
export type { LanguageModelV3 } from './provider.ts';
export { extractJson } from './json-extract.ts';
export type { ExtractResult } from './json-extract.ts';
export { withRetries, RETRY_DEFAULTS } from './retry.ts';
export type { AttemptRecord, RetryOptions } from './retry.ts';
export { backoffDelayMs, retryAfterMs, classifyFailure, decideRetry } from './retry-policy.ts';
export { generateStructured, DEFAULT_TOOL_STEPS } from './generate.ts';
export type { GenerateOptions } from './generate.ts';
export { startScriptedServer } from './scripted-server.ts';
export type {
  RecordedRequest,
  Reply,
  Script,
  ScriptedServer,
  ScriptedServerOptions,
  ScriptFormat,
  ScriptMessage,
  ScriptRequest,
} from './scripted-server.ts';
export { buildOfflineReport, offlineScript, startOfflineModel, OFFLINE_LABEL, OFFLINE_FAIL_MARKER } from './offline-model.ts';
export { resolveTiers, fallbackChain, strongerTier, sameModel, costUsd, type Tiers, type TierModel, type Price } from './tiers.ts';
export { CircuitBreaker, Breakers, type CircuitState } from './breaker.ts';
export { callChain, callId, type ChainDeps, type ChainResult, type CallPurpose, type TraceFn } from './call-chain.ts';
export { runConsensus, aggregateMajority, agreementWith, similarity, normalizeAnswer, type ConsensusResult, type Aggregate } from './consensus.ts';
export * from './router/index.ts';
export * from './ledger/index.ts';
export { summarizeRouting, type RoutingSummary, type TierFigures } from './routing-summary.ts';
export { ActPausedError, pendingActions, type PendingAction } from './pause.ts';
export { limitConditions, type ActLimits } from './act-limits.ts';
export { wrapToolExecutes } from './tool-wrap.ts';
