// Shapes of the filesystem contract that other modules exchange.
import type { JudgeSpec } from './judge-spec.ts';

export type Priority = 'high' | 'normal' | 'low';

/** One task block of queue.md, as parsed. */
export interface QueueTask {
  id: string;
  task: string;
  priority: Priority;
  /** ISO 8601 as written; used for ordering by age. */
  created: string;
  verify?: string;
  /** Seconds, or a duration string such as "10m"; enforced by the kernel. */
  ttl?: string | number;
  tags?: string[];
  after?: string[];
  /** Checks that grade the result (judge-spec.ts), added to the agent's default judges. */
  judges?: JudgeSpec[];
  /** Keys we do not know, kept so a round trip loses nothing. */
  extra?: Record<string, unknown>;
  /** 1-based line of the `## id` header in queue.md. */
  line: number;
}

/** A block that cannot run, with the reason a person will read. */
export interface RejectedBlock {
  id?: string;
  line: number;
  reason: string;
  /** The block's text exactly as it stood in queue.md. */
  raw: string;
}

/** A file operation relative to an agent (or shared) repository root. */
export type FileChange =
  | { op: 'write'; path: string; content: string }
  | { op: 'delete'; path: string };

/** Everything one task changes, applied atomically and committed once. */
export interface ChangeSet {
  message: string;
  changes: FileChange[];
  /** Task ids to remove from queue.md in the same commit. */
  dequeue: string[];
}
