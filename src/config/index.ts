export { loadAgentsFile, parseAgentsYaml, type LoadedAgents } from './load-agents.ts';
export { readModelSettings, readRuntimeEnv, resolveDataDir } from './env.ts';
export { ConfigError, formatLocation, type ConfigLocation } from './errors.ts';
export * from './types.ts';
export type { ToolPolicyInput, McpServerConfig, ToolLimitsInput } from './policy-schema.ts';
