export { loadAgentsFile, parseAgentsYaml, type LoadedAgents } from './load-agents.ts';
export { readModelSettings, readRuntimeEnv, resolveDataDir } from './env.ts';
export { ConfigError, formatLocation, type ConfigLocation } from './errors.ts';
export * from './types.ts';
export { modelsPolicyOf, TIER_NAMES, TARGET_BY_RISK, DEFAULT_CIRCUIT, type TierName, type TierModelConfig, type ModelsPolicy, type CircuitSettings } from './models-schema.ts';
export type { ToolPolicyInput, McpServerConfig, ToolLimitsInput } from './policy-schema.ts';
export { resolveIacPolicy, DEFAULT_IAC_POLICY, THROUGHPUT_CLASSES, type IacPolicy, type ThroughputClass } from './iac-schema.ts';
export { PrivacySchema, resolvePrivacy, MAX_PII_PATTERNS, MAX_PII_PATTERN_LENGTH, type PrivacyInput } from './privacy-schema.ts';
export { MEASURES, MEASURE_NAMES, type Measure, type SuccessMetric } from './metrics-schema.ts';
