// What the kernel asks of inter-agent communication (iac/ implements it; the composition root
// plugs it in through RuntimeOptions.iac). Absent, every agent works alone: no backpressure,
// no handoffs, no locks, no dispatch.
import type { ContextIndex } from '../context/index.ts';
import type { FileChange, NewTask, QueueTask } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import type { AgentContext } from './agent-context.ts';
import type { DeadLetterInfo } from './dead-letter.ts';
import type { RuntimeEvent } from './events.ts';
import type { TaskResult } from './pipeline.ts';

/** The worker's view: called around each task. */
export interface IacHooks {
  /** Task ids completed by any agent of the runtime: `after:` works across agents. */
  done: { has(id: string): boolean };
  /** Why the task cannot start now (a lock another task holds), or undefined. */
  blocked(agent: string, task: QueueTask): string | undefined;
  /** Takes the task's locks; returns their release. */
  acquire(agent: string, task: QueueTask): () => void;
  /** The task as it should run (a join task receives its subtasks' results). */
  prepare(task: QueueTask): Promise<QueueTask>;
  /** After the task's commit: handoffs, proposals, re-opened segments, metrics. Never throws. */
  afterTask(ctx: AgentContext, task: QueueTask, result: TaskResult): Promise<void>;
  /** Extra changes for the agent's dead-letter commit of an expired message (its reflection). */
  expiredChanges(ctx: AgentContext, task: QueueTask, info: DeadLetterInfo, now: Date): Promise<FileChange[]>;
  /** After the dead-letter commit: the shared dead letter and its escalation commit. Never throws. */
  escalate(ctx: AgentContext, task: QueueTask, info: DeadLetterInfo, now: Date): Promise<void>;
}

/** A planned task: its subtasks by level, each on the agent dispatch chose. */
export interface PlanSummary {
  levels: string[][];
  tasks: { agent: string; id: string; after: string[] }[];
}

/** The runtime's view: the ways in that go through iac (backpressure, dispatch, planning). */
export interface IacPort extends IacHooks {
  /** Backpressure, then append to the agent's queue. */
  enqueue(agent: string, task: NewTask): Promise<void>;
  /** The best agent for a task by card, and why. */
  dispatch(task: string): Promise<{ agent: string; why: string }>;
  /** Decompose, queue the subtasks across agents and a join task. */
  plan(task: NewTask): Promise<PlanSummary>;
  /**
   * Shared segments whose topic is one of these beliefs (world record names) are re-opened, as a
   * contradiction re-opens them: a revert or rewind took the belief back. Returns the topics re-opened.
   */
  reopenBeliefs(agent: string, topics: string[], reason: string): Promise<string[]>;
  /** Periodic upkeep (expire proposals, re-read segments); `force` runs it now. Never throws. */
  housekeeping(now?: Date, force?: boolean): Promise<void>;
}

/** The parts of the runtime iac uses. */
export interface IacHost {
  dataDir: string;
  log: Logger;
  agents: () => AgentContext[];
  index: () => ContextIndex | undefined;
  wakeAll: () => void;
  /** Appends to an agent's queue.md and wakes it (no backpressure: iac checks first). */
  append: (agent: string, task: NewTask) => Promise<void>;
  /** Runtime events (proposal filed or decided, vote cast), for the event stream and metrics. */
  emit?: (e: RuntimeEvent) => void;
}
