// What the kernel asks of the tool runtime (tools/ implements it; run.ts wires it in):
// the tools of one task under the agent's policy, the sandboxed verify command, and
// pausing a task whose act loop waits for a person, then resuming it where it stopped.
// Kept to data and functions so the kernel does not depend on how tools work.
import type { ModelMessage, ToolSet } from 'ai';
import type { VerifyResult } from '../learn/index.ts';
import type { ActLimits, PendingAction, Usage } from '../models/index.ts';
import type { CheckpointRecord, QueueTask } from '../store/index.ts';

export type CallKind = 'idempotent' | 'effect' | 'gated' | 'person';

export interface ActSession {
  tools: ToolSet;
  /** Appended to the system prompt: how tool results are to be read. */
  instructions: string;
  limits: ActLimits;
  /** One line per tool call for the task's commit message (secrets redacted). */
  recordLines(): string[];
  /** The tool call records so far (a step checkpoint keeps them for a resumed run). */
  records(): CheckpointRecord[];
  /** Revokes the session's capabilities. */
  close(): void;
}

/** A session confined to a forked workspace (speculate.ts): its tools, `verify:` and judge commands run there. */
export interface ForkSession extends ActSession {
  /** Runs a command (the task's `verify:`, a judge's) in the fork, as `ActPort.verify` does in the workspace. */
  verify(command: string, timeoutMs: number): Promise<VerifyResult>;
}

/** A paused task, as the act port hands it back once every question is answered. */
export interface ResumePoint {
  task: string;
  system: string;
  messages: ModelMessage[];
  usage: Usage;
  /** The tool call records made before (a step checkpoint's); absent, the act port keeps its own. */
  records?: CheckpointRecord[];
  /** What resuming from a step checkpoint did, for the task's commit message. */
  notes?: string[];
  /** From a step checkpoint: its progress so far, whether it moved since the last resume, the replay lines it accounts for. */
  checkpoint?: { steps: number; seq: number; progressed: boolean; exchanges: number };
}

/** One tool call as the tool runtime recorded it (for the kernel's `tool.called` event). */
export interface ToolCallNote {
  tool: string;
  ok: boolean;
  ms: number;
  /** The error code of a failed call (e.g. PATH_ESCAPE, CAPABILITY). */
  error?: string;
}

export interface ActPort {
  /** The task's tools; `onToolCall` hears every call as it ends. */
  open(task: QueueTask, resume?: ResumePoint, onToolCall?: (call: ToolCallNote) => void): Promise<ActSession>;
  /**
   * A session whose tools see `workspace` (a fork of the agent's workspace) as their root. Absent,
   * tasks are never forked (speculation and forked verification are named as unavailable in the commit).
   */
  openFork?(task: QueueTask, workspace: string, onToolCall?: (call: ToolCallNote) => void): Promise<ForkSession>;
  /** Runs a task's verify: command (in the sandbox). */
  verify(command: string, timeoutMs: number): Promise<VerifyResult>;
  /** Persists the paused loop and its questions; returns the request ids. Without a session (a crashed run), `records` are its records. */
  pause(task: QueueTask, session: ActSession | undefined, paused: { system: string; messages: ModelMessage[]; pending: PendingAction[]; usage: Usage; records?: CheckpointRecord[] }): Promise<string[]>;
  /** Ids of tasks that wait for a person (they must not run again from the start). */
  pausedTasks(): Promise<Set<string>>;
  /** Paused tasks whose questions are all answered (or whose time to live ran out). */
  ready(): Promise<ResumePoint[]>;
  /** The task is committed: drop its checkpoint; ask for an outcome label if the policy says so. */
  finished(task: QueueTask, commit: string): Promise<void>;
  /** Decided outcome labels, as commit messages to record (then forgotten). */
  takeLabels(): Promise<string[]>;
  /** Forget the checkpoint of a task that left the queue while paused. */
  drop(task: string): Promise<void>;
  /**
   * How a call of this tool is treated when a crash interrupted its step (step-resume.ts): idempotent
   * (read-only: may simply run again), effect (not idempotent: a person decides), gated (the policy asks
   * a person before it runs), person (answered by a person: ask_human).
   */
  callKind(tool: string): Promise<CallKind>;
}
