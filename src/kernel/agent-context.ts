// Everything one agent's worker needs, built once at start.
import type { ToolSet } from 'ai';
import type { AgentConfig, ModelSettings } from '../config/index.ts';
import type { ContextIndex } from '../context/index.ts';
import type { StateCache } from '../learn/index.ts';
import type { AgentPaths, Git, GitWriter, QueueFile } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import type { ActPort } from './act-port.ts';
import type { RuntimeEvents } from './events.ts';
import type { StepCheckpoints } from './step-checkpoints.ts';
import type { ReplayLog } from './replay.ts';
import type { ReplaySource } from './replay-task.ts';
import type { IacHooks } from './iac-port.ts';
import type { JudgePort } from './judge-port.ts';
import type { Auditor } from './llm-audit.ts';
import type { AgentRouting } from './routing.ts';
import type { TracingPort } from './tracing.ts';

export interface AgentContext {
  config: AgentConfig;
  dataDir: string;
  paths: AgentPaths;
  /** Reads of the repository (log, status); commits go through `writer` (commit.ts), never this. */
  git: Git;
  /** The agent's one git writer (commit.ts writerOf): opened at start, closed by Runtime.stop. */
  writer?: Promise<GitWriter>;
  queue: QueueFile;
  model: ModelSettings;
  log: Logger;
  events: RuntimeEvents;
  /** Task ids already completed or dead-lettered (from git history, then kept up to date). */
  done: Set<string>;
  /** Of those, the dead-lettered ones: an `after:` on them can never be met. */
  failed: Set<string>;
  /** Tools offered to the model in the act loop. */
  tools: () => ToolSet;
  verifyTimeoutMs: number;
  /** Parsed learned records, reused while their files are unchanged. */
  stateCache: StateCache;
  /** The retrieval index (a cache under DATA/.agentos/); absent, context is indexed per task in memory. */
  index?: ContextIndex;
  /** The LLM auditor when reward_audit.method is llm; defaults to a second call to the same model. */
  auditor?: Auditor;
  /** Tiers, router, cost ledger, provider breakers (made with defaults on first use if absent). */
  routing?: AgentRouting;
  /** The tool runtime (policy, sandbox, approvals); without it, `tools` and an unsandboxed verify are used. */
  act?: ActPort;
  /** The judges (eval/): grade each task's result; absent, a task that names judges gets "judge error". */
  judges?: JudgePort;
  /** Bound on one task's judge stage (default judging.ts JUDGE_STAGE_TIMEOUT_MS). */
  judgeTimeoutMs?: number;
  /** Inter-agent communication (handoffs, locks, consensus, cross-agent `after:`); absent, the agent works alone. */
  iac?: IacHooks;
  /** Spans around the pipeline's stages (telemetry/ when OTEL_EXPORTER_OTLP_ENDPOINT is set); absent, nothing is traced. */
  tracing?: TracingPort;
  /** Keep a copy of each task's context.md under DATA/.agentos/contexts/ (the newest `keep`). */
  contextArchive?: { keep: number };
  /** Step checkpoints (DATA/.agentos/checkpoints/<agent>/): the act loop's state after every step and tool call. */
  checkpoints?: StepCheckpoints;
  /** Model exchanges: recorded live (`log`), or served from a recording in a replayed run (`source`). */
  replay?: { log?: ReplayLog; source?: ReplaySource };
  /** Every agent's queued tasks (id → `after:` ids) and running tasks, read now: `after:` across agents. */
  peers?: () => Promise<{ queued: Map<string, string[]>; running: Set<string> }>;
}
