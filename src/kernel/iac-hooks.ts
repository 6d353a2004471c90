// What the worker asks of inter-agent communication (implemented by iac/, issue 5). Absent,
// an agent works alone as before.
import type { FileChange, QueueTask } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import type { DeadLetterInfo } from './dead-letter.ts';
import type { TaskResult } from './pipeline.ts';

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
