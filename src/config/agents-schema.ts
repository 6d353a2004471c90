// The agents.yaml schema: seed 001's fields (name, persona, domain, tone, hints,
// goals), seed 000's optional policy fields, and our per-agent learning budgets.
import { z } from 'zod';
import { JudgeSpecs } from '../store/index.ts';
import { IacSchema, THROUGHPUT_CLASSES } from './iac-schema.ts';
import { MetricsSchema } from './metrics-schema.ts';
import { GlobalModelsSchema, ModelsSchema } from './models-schema.ts';
import { QueueLimitsSchema, TokenizerLimitsSchema, WorkspaceSchema } from './limits-schema.ts';
import { PrivacySchema } from './privacy-schema.ts';
import { ToolPolicyFields } from './policy-schema.ts';
import { SpeculationSchema, SupervisionSchema } from './safety-schema.ts';

const text = z.string().trim().min(1);

export const BudgetsSchema = z
  .object({
    skills: z.int().min(1).max(1000),
    goals: z.int().min(1).max(100),
    rewards: z.int().min(1).max(10000),
    reflections: z.int().min(1).max(1000),
  })
  .partial();

export const WorldSchema = z
  .object({
    promote_evidence: z.number().positive(),
    promote_confidence: z.number().min(0).max(1),
    retract_below: z.number().min(0).max(1),
  })
  .partial();
export const RewardAuditSchema = z.object({ method: z.enum(['rule_based', 'llm']) }).partial();
export const ContextSchema = z.object({ window_tokens: z.int().min(1024).max(10_000_000), strategy: z.enum(['retrieve', 'all']) }).partial();
/** The top level also bounds token counting, for the whole process. */
export const GlobalContextSchema = ContextSchema.extend(TokenizerLimitsSchema.shape);

export const AgentSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a lowercase name of letters, digits, "-" or "_" (it names a folder)'),
  persona: text,
  domain: z.string().default(''),
  tone: z.string().default(''),
  hints: z.array(text).default([]),
  goals: z.array(text).default([]),
  budgets: BudgetsSchema.optional(),
  skill_half_life_days: z.number().positive().optional(),
  learning: z.enum(['none', 'constrained', 'active']).optional(),
  risk_level: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  autonomy_level: z.enum(['assistant', 'semi-autonomous', 'autonomous']).optional(),
  max_steps: z.int().min(1).max(100).optional(),
  world: WorldSchema.optional(),
  reward_audit: RewardAuditSchema.optional(),
  context: ContextSchema.optional(),
  models: ModelsSchema.optional(),
  ...ToolPolicyFields,
  throughput_class: z.enum(THROUGHPUT_CLASSES).optional(),
  /** Judges for every task of this agent (a task's own `judges:` add to these). */
  judges: JudgeSpecs.optional(),
  /** Success metrics computed from history and shown by `agentos report` (metrics-schema.ts). */
  metrics: MetricsSchema.optional(),
  workspace: WorkspaceSchema.optional(),
  /** Live runs use temperature 0 and a seed where the provider takes one (deterministic replay). */
  deterministic: z.boolean().optional(),
  speculation: SpeculationSchema.optional(),
  supervision: SupervisionSchema.optional(),
});

/** Recording model exchanges for `agentos replay` (README "Checkpoints and replay"). */
export const ReplaySchema = z
  .strictObject({
    record: z.boolean(),
    /** One task's recording, KiB; past it the recording stops with a `truncated` line. */
    task_max_kb: z.number().positive().max(1024 * 1024),
    /** All recordings of the data directory, MiB; past it the oldest are dropped. */
    total_max_mb: z.number().positive().max(1024 * 1024),
  })
  .partial();

/** Global defaults: seed 001's comment puts skill budget and decay at the top level. */
export const SkillsDefaultsSchema = z
  .object({
    max_entries: z.int().min(1).max(1000),
    decay_halflife_days: z.number().positive(),
  })
  .partial();

export const AgentsFileSchema = z.object({
  agents: z.array(AgentSchema).min(1, 'at least one agent'),
  skills: SkillsDefaultsSchema.optional(),
  budgets: BudgetsSchema.optional(),
  world: WorldSchema.optional(),
  reward_audit: RewardAuditSchema.optional(),
  context: GlobalContextSchema.optional(),
  models: GlobalModelsSchema.optional(),
  iac: IacSchema.optional(),
  privacy: PrivacySchema.optional(),
  queue: QueueLimitsSchema.optional(),
  workspace: WorkspaceSchema.optional(),
  replay: ReplaySchema.optional(),
  speculation: SpeculationSchema.optional(),
  supervision: SupervisionSchema.optional(),
});

/** Keys we know at each level; anything else is warned about, never fatal. */
export const KNOWN_TOP_KEYS = new Set(['agents', 'skills', 'budgets', 'iac', 'reward_audit', 'models', 'world', 'context', 'privacy', 'queue', 'workspace', 'speculation', 'supervision', 'replay']);
export const KNOWN_AGENT_KEYS = new Set(Object.keys(AgentSchema.shape));

export type AgentsFileInput = z.infer<typeof AgentsFileSchema>;
export type AgentInput = z.infer<typeof AgentSchema>;
