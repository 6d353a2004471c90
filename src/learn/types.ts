// Record shapes of the learned files. Field names are the names written in the files,
// so a reader of rewards.md or SKILL.md sees the same words as a reader of the code.
import type { AgentConfig } from '../config/index.ts';
import type { FileChange, QueueTask } from '../store/index.ts';
import type { TaskReport } from './report.ts';
import type { WorldEvent, WorldRecord } from './world/types.ts';

export type Score = -1 | 0 | 1;

/** One entry of rewards.md (seed 000's shape plus the audit, tokens, cost and duration). */
export interface RewardEntry {
  task: string;
  outcome: string;
  /** The model's self-score, as claimed. */
  reward: Score;
  /** The rule-based audit of that claim (audit.ts). */
  audit_score: Score;
  /** Why the audit scored as it did; absent in hand-written entries. */
  audit_reason?: string;
  context_tags: string[];
  reasoning_demand: string | null;
  model_used: string;
  model_appropriate: boolean | string | null;
  world_model_update: string | null;
  /** The model's own decomposition (seed 000), as claimed. */
  reward_decomposition: Record<string, number> | null;
  /** The audit's decomposition, by rule (decomposition.ts); absent in older entries. */
  audit_decomposition?: Record<string, number> | null;
  tokens: { input: number; output: number };
  cost: number | null;
  duration_ms: number;
  created: string;
  /** Each judge's result; absent in entries of tasks without judges (and in older files). */
  judges?: RewardJudge[];
  /** Keys we do not know, kept so a round trip loses nothing. */
  extra?: Record<string, unknown>;
}

/** A judge's result as rewards.md keeps it. */
export type RewardJudge = Pick<JudgeResult, 'name' | 'kind' | 'status' | 'score' | 'evidence'>;

/** skills/<name>/SKILL.md: Agent Skills front matter plus our fields under `metadata`. */
export interface Skill {
  /** The slug; equals the folder name. */
  name: string;
  description: string;
  /** The technique, Markdown. */
  body: string;
  /** Count of audited +1 uses. */
  reward_evidence: number;
  last_success: string | null;
  created: string | null;
  updated: string | null;
  source: string[];
  tags: string[];
  /** Other top-level front-matter keys (license, compatibility, ...), kept as written. */
  extra?: Record<string, unknown>;
  /** Other metadata keys, kept as written. */
  metadata_extra?: Record<string, string>;
}

export type GoalStatus = 'active' | 'achieved' | 'dropped';

export interface Goal {
  id: string;
  text: string;
  status: GoalStatus;
  created: string;
  updated: string;
  /** Task ids, or "agents.yaml" for a seed goal. */
  source: string[];
}

export interface Reflection {
  task: string;
  text: string;
  created: string;
}

/** A learned file that could not be read; it was moved aside, not lost. */
export interface StateProblem {
  file: string;
  line: number;
  message: string;
  /** Where the broken file now lives (relative to the agent dir), when it was moved. */
  quarantinedAs?: string;
}

export interface AgentState {
  persona: string;
  constraints: string;
  skills: Skill[];
  goals: Goal[];
  rewards: RewardEntry[];
  reflections: Reflection[];
  /** world/{entities,relations,hypotheses}/*.md */
  world: WorldRecord[];
  problems: StateProblem[];
}

/** What one judge said about a task's result (eval/ runs judges; the audit reads these). */
export interface JudgeResult {
  /** Unique within the task (the spec's name, else its kind, with #2 … for repeats). */
  name: string;
  kind: string;
  /** error: the judge could not judge (crashed, timed out, hung, not available); never a pass. pending: waits for a person. */
  status: 'pass' | 'fail' | 'error' | 'pending';
  /** 0..1 where the judge measures (share of tests passed, the llm grade); null otherwise. */
  score: number | null;
  /** One line a person can check: counts, the failing pattern, the exit status, the error. Redacted. */
  evidence: string;
  ms: number;
}

export interface VerifyResult {
  command: string;
  exitCode: number | null;
  passed: boolean;
  output: string;
  timedOut: boolean;
}

export interface LearnInput {
  config: AgentConfig;
  state: AgentState;
  task: QueueTask;
  report: TaskReport;
  verify?: VerifyResult;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  durationMs: number;
  now: Date;
  /** Tool calls of the act loop (evidence for the audit), when known. */
  toolCalls?: { name: string; ok: boolean }[];
  /** The optional LLM audit's verdict (agents.yaml reward_audit.method: llm). */
  llmAudit?: { score: Score; reason: string };
  /** The judges' results (the audit uses every judge's evidence; rewards.md records each). */
  judges?: JudgeResult[];
  /** The router's record of this task (models/router): filled into the reward entry. */
  routing?: { reasoning_demand: string; model_appropriate: string; cost: number | null };
}

export interface LearnSummary {
  /** The model's self-score. */
  reward: number;
  auditScore: number;
  outcome: string;
  skillEarned?: string;
  skillStrengthened?: string;
  skillsPruned: string[];
  goalAdded?: string;
  goalsDropped: string[];
  /** Why the audit scored as it did. */
  auditReason: string;
  /** What the world rules did, one commit line each (promotions, retractions, merges, rejections ...). */
  world: WorldEvent[];
  /** Problems met while loading state or learning, as "file:line: message". */
  problems: string[];
}

export interface LearnOutput {
  changes: FileChange[];
  summary: LearnSummary;
  /** The state the changes describe, so the next task need not parse what this one wrote. */
  next: AgentState;
}
