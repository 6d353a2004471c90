// config/: agents.yaml and the environment, validated into typed config with located errors.
export { loadAgentsFile, parseAgentsYaml } from './load-agents.ts';
export { yamlOffsetOf } from './yaml-offset.ts';
export { readApiSettings, readLogSettings, readModelSettings, readRuntimeEnv, resolveDataDir } from './env.ts';
export { apiTokenFile, checkBind, isLoopbackHost, loadApiTokens, readApiReadToken, readApiToken, type ApiTokens } from './api-token.ts';
export { ConfigError } from './errors.ts';
export { DEFAULT_BUDGETS, DEFAULT_CONTEXT_POLICY, DEFAULT_REPLAY_SETTINGS, DEFAULT_WORLD_POLICY, type ReplaySettings } from './types.ts';
export type { AgentConfig, ApiSettings, AutonomyLevel, LogFormat, LogLevel, LogSettings, Budgets, ContextPolicy, LearningMode, ModelSettings, ProviderKind, RiskLevel, RuntimeEnv, StructuredMode, WorldPolicy, AuditMethod } from './types.ts';
export { modelsPolicyOf, TIER_NAMES, DEFAULT_CIRCUIT, type TierName, type TierModelConfig, type ModelsPolicy, type CircuitSettings } from './models-schema.ts';
export type { ToolPolicyInput, McpServerConfig, ToolLimitsInput } from './policy-schema.ts';
export { resolveIacPolicy, DEFAULT_IAC_POLICY, THROUGHPUT_CLASSES, type IacPolicy, type ThroughputClass } from './iac-schema.ts';
export { PrivacySchema, resolvePrivacy, MAX_PII_PATTERNS, MAX_PII_PATTERN_LENGTH, type PrivacyInput } from './privacy-schema.ts';
export { MEASURES, MEASURE_NAMES, type Measure, type SuccessMetric } from './metrics-schema.ts';
export { DEFAULT_LIMITS, type RuntimeLimits, type QueueLimits, type TokenizerLimits, type WorkspaceLimits } from './limits-schema.ts';
export { DEFAULT_SPECULATION, DEFAULT_SUPERVISION, SPECULATE_CEILING, type SpeculationPolicy, type SupervisionPolicy } from './safety-schema.ts';
