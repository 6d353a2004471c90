// Typed configuration produced by config/ from agents.yaml and the environment.
import type { IacPolicy, ThroughputClass } from './iac-schema.ts';
import type { SuccessMetric } from './metrics-schema.ts';
import type { ModelsPolicy } from './models-schema.ts';
import type { RuntimeLimits } from './limits-schema.ts';
import type { ToolPolicyInput } from './policy-schema.ts';
import type { JudgeSpec } from '../store/index.ts';
import type { SpeculationPolicy, SupervisionPolicy } from './safety-schema.ts';

export interface Budgets {
  skills: number;
  goals: number;
  rewards: number;
  reflections: number;
}

export const DEFAULT_BUDGETS: Budgets = { skills: 20, goals: 5, rewards: 30, reflections: 15 };

export type LearningMode = 'none' | 'constrained' | 'active';
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type AutonomyLevel = 'assistant' | 'semi-autonomous' | 'autonomous';

/** World-model thresholds (agents.yaml `world:`); see learn/world/confidence.ts. */
export interface WorldPolicy {
  promoteEvidence: number;
  promoteConfidence: number;
  retractBelow: number;
}

export const DEFAULT_WORLD_POLICY: WorldPolicy = { promoteEvidence: 3, promoteConfidence: 0.7, retractBelow: 0.35 };

export type AuditMethod = 'rule_based' | 'llm';

/** Task-scoped context (agents.yaml `context:`). */
export interface ContextPolicy {
  /** The model's context window in tokens; reserves are taken from it, retrieval fills the rest. */
  windowTokens: number;
  /** retrieve: ranked and budgeted; all: every learned record (a baseline, for benchmarks). */
  strategy: 'retrieve' | 'all';
}

export const DEFAULT_CONTEXT_POLICY: ContextPolicy = { windowTokens: 16_384, strategy: 'retrieve' };

export interface AgentConfig {
  name: string;
  persona: string;
  domain: string;
  tone: string;
  hints: string[];
  goals: string[];
  budgets: Budgets;
  /** Half-life in days for skill standing since last_success (seed 001 comment). */
  skillHalfLifeDays: number;
  learning: LearningMode;
  riskLevel: RiskLevel;
  autonomyLevel: AutonomyLevel;
  /** Maximum model/tool steps in the act loop. */
  maxSteps: number;
  world: WorldPolicy;
  /** rule_based always; llm adds a second model call that can only lower the audit score. */
  rewardAudit: AuditMethod;
  context: ContextPolicy;
  /** Model tiers and routing policy (agents.yaml `models:`, global then per agent); see modelsPolicyOf. */
  models?: ModelsPolicy;
  /** The tool policy fields as written (tools/ derives the effective policy from these and the levels). */
  toolPolicy?: ToolPolicyInput;
  /** Sets the agent's maximum queue depth (agents.yaml `throughput_class`, default medium). */
  throughputClass?: ThroughputClass;
  /** The top-level `iac:` section, resolved (the same for every agent). */
  iac?: IacPolicy;
  /** Bounds on queue.md blocks, token counting, the task deadline, workspace commits (DEFAULT_LIMITS when absent). */
  limits?: RuntimeLimits;
  /** Default judges of every task (agents.yaml `judges:`); eval/ runs them. */
  judges?: JudgeSpec[];
  /** Success metrics (agents.yaml `metrics:`), computed by `agentos report`. */
  metrics?: SuccessMetric[];
  /** Live runs at temperature 0 with a seed (agents.yaml `deterministic: true`; a task may ask too). */
  deterministic?: boolean;
  /** Recording of model exchanges for replay (the top-level `replay:` section, the same for every agent). */
  replay?: ReplaySettings;
  /** Attempts in forked workspaces (agents.yaml `speculation:`); DEFAULT_SPECULATION when absent. */
  speculation?: SpeculationPolicy;
  /** The watchdog (agents.yaml `supervision:`); DEFAULT_SUPERVISION when absent. */
  supervision?: SupervisionPolicy;
}

export interface ReplaySettings {
  record: boolean;
  taskMaxBytes: number;
  totalMaxBytes: number;
}

export const DEFAULT_REPLAY_SETTINGS: ReplaySettings = { record: true, taskMaxBytes: 2 * 1024 * 1024, totalMaxBytes: 256 * 1024 * 1024 };

export type ProviderKind = 'openai-compatible' | 'openai' | 'anthropic';
export type StructuredMode = 'json-schema' | 'prompt';

export interface ModelSettings {
  provider: ProviderKind;
  baseURL: string;
  model: string;
  /** Never logged, never written: see telemetry/redact. */
  apiKey: string | undefined;
  maxTokens: number;
  timeoutMs: number;
  /** Attempts per model call before the task is dead-lettered. */
  maxAttempts: number;
  structured: StructuredMode;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** auto: human-readable on a terminal, JSON lines otherwise. */
export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LogSettings {
  logLevel: LogLevel;
  logFormat: LogFormat;
}

export interface RuntimeEnv extends LogSettings {
  dataDir: string;
  pollIntervalMs: number;
  model: ModelSettings;
  port: number;
  host: string;
  /** GET /events: events kept for Last-Event-ID resume, clients at most, heartbeat interval, write batching. */
  events: { buffer: number; maxClients: number; heartbeatMs: number; flushMs: number };
  /** Task contexts (context.md) kept per agent under DATA/.agentos/contexts/; 0 keeps none. */
  contextKeep: number;
  api: ApiSettings;
}

/** The HTTP API's settings from the environment (README: HTTP API). */
export interface ApiSettings {
  /** $AGENTOS_API_TOKEN: the operator's own token (else the generated DATA/.agentos/api-token). */
  token?: string;
  /** $AGENTOS_API_READ_TOKEN: a token that may only GET. */
  readToken?: string;
  /** $AGENTOS_API_MAX_BODY: bytes a request body may have (default 1 MiB). */
  maxBodyBytes: number;
  /** $AGENTOS_API_ORIGINS: browser origins allowed besides the server's own (a reverse proxy's). */
  origins: string[];
  /** $AGENTOS_ALLOW_GENERATED_TOKEN=1: serve beyond loopback with the generated token (the Docker image). */
  allowGeneratedToken: boolean;
  /** $AGENTOS_API_WAIT (seconds, default 300): how long POST /v1/chat/completions and MCP submit_task wait for a task. */
  waitMs: number;
  /** $AGENTOS_CHAT_HISTORY (characters, default 16384): earlier chat turns carried into a task. */
  chatHistoryChars: number;
}
