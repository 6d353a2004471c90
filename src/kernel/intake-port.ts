// What the kernel asks of a task intake other than queue.md (cluster/ implements it over BullMQ;
// the composition root plugs it in through RuntimeOptions.intake): where tasks come from, how
// one is claimed and acknowledged. With an intake, the runtime never drains queue.md itself: the
// intake claims a task (holding the agent's lease), asks the runtime to run exactly that task,
// and acknowledges it from the outcome. Absent, queue.md is the intake (single-process mode).
import type { AgentConfig } from '../config/index.ts';
import type { NewTask, QueueTask } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import type { DeadLetterInfo } from './dead-letter.ts';

/** The runtime's view: where submitted tasks go, and the intake's life. */
export interface IntakePort {
  /** A new task (API, CLI, a handoff, a plan): instead of appending to queue.md. Refuses past the agent's depth. */
  submit(agent: string, task: NewTask): Promise<void>;
  /** Start claiming tasks and running them through the host. */
  start(): Promise<void>;
  /** Stop claiming; let claimed tasks finish (bounded), release the rest. Idempotent. */
  close(): Promise<void>;
}

/** Called around one claimed task, inside the claim. */
export interface ClaimHooks {
  /**
   * Right after the task's (or dead letter's) commit, before anything else sees it (handoffs,
   * events): e.g. push the commit before the claim is acknowledged. A throw fails the claim.
   */
  afterCommit?: (commit: string) => Promise<void>;
}

/** What became of one claimed task; a thrown error means "failed, may be retried". */
export type ClaimOutcome =
  | { kind: 'committed'; commit: string; reward: number }
  | { kind: 'dead-lettered'; commit: string; reason: string }
  /** Its id is already in the agent's history (completed or dead-lettered): acknowledge, never run twice. */
  | { kind: 'done-before' }
  /** Waits for a person (approvals); run it again later, on any worker sharing the approvals. */
  | { kind: 'paused'; requests: string[] }
  /** Cannot start now (a spent budget, a held lock): try again at `until` (epoch ms). */
  | { kind: 'deferred'; until: number; reason: string };

/** The parts of the runtime an intake uses. */
export interface IntakeHost {
  dataDir: string;
  log: Logger;
  agents: () => AgentConfig[];
  /** Runs exactly this task on its agent now; the caller holds the agent's lease. */
  runClaimed(agent: string, task: QueueTask, signal: AbortSignal, hooks?: ClaimHooks): Promise<ClaimOutcome>;
  /** Dead-letters a claimed task in its own commit (attempts spent, a crash loop); returns the commit. */
  deadLetter(agent: string, task: QueueTask, info: DeadLetterInfo, signal: AbortSignal, hooks?: ClaimHooks): Promise<string>;
  /** queue.md's runnable tasks, in order, after committing malformed and already-done blocks aside. */
  queued(agent: string): Promise<QueueTask[]>;
  /** The agent's repository moved under the runtime (a pull): re-read its history, index and ledger. */
  refresh(agent: string): Promise<void>;
  /** Whether a task id is in this agent's history (or, without an agent, in any agent's). */
  isDone(agent: string | undefined, id: string): boolean;
  /** Whether any agent dead-lettered a task id (an `after:` on it is never met). */
  isFailed(id: string): boolean;
}
