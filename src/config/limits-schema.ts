// Bounds the runtime keeps on what it reads and runs, each with its agents.yaml key (README
// "Limits"): queue.md blocks (`queue:`), token counting (`context:`), the per-task deadline
// (`models:`) and the workspace files committed with a task (`workspace:`). The hop limit of
// handoffs lives in `iac:` (iac-schema.ts).
import { z } from 'zod';
import { DEFAULT_QUEUE_LIMITS, type QueueLimits } from '../store/index.ts';

export type { QueueLimits };

export const QueueLimitsSchema = z
  .strictObject({
    /** A task's text (`task:`) in KiB; the HTTP API and the CLI refuse more than 64 KiB too. */
    max_task_kb: z.number().positive().max(64 * 1024),
    /** A whole block (header to the next `## `) in KiB. */
    max_block_kb: z.number().positive().max(128 * 1024),
    /** Keys of one block's mapping, nested maps included. */
    max_block_keys: z.int().min(8).max(100_000),
    /** Seconds a task may wait for an `after:` id that no queue holds before it is dead-lettered. */
    after_grace_s: z.number().min(0).max(86_400),
  })
  .partial();

export const TokenizerLimitsSchema = z
  .strictObject({
    /** Longest run of characters without whitespace handed to the BPE as one piece. */
    tokenizer_max_word_chars: z.int().min(16).max(65_536),
    /** Text longer than this (in KiB) is estimated, not tokenized. */
    tokenizer_exact_kb: z.number().positive().max(64 * 1024),
  })
  .partial();

export const WorkspaceSchema = z
  .strictObject({
    /** Commit what tools wrote under workspace/ with the task (default true). */
    commit: z.boolean(),
    max_file_kb: z.number().positive().max(1024 * 1024),
    max_files: z.int().min(1).max(100_000),
    max_total_mb: z.number().positive().max(100 * 1024),
  })
  .partial();

export interface TokenizerLimits {
  /** Whitespace-free runs are cut into pieces of at most this many characters before BPE. */
  maxWordChars: number;
  /** Beyond this many characters the count is an estimate (see context/tokenizer.ts). */
  exactMaxChars: number;
}

export interface WorkspaceLimits {
  commit: boolean;
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
}

export interface RuntimeLimits {
  queue: QueueLimits;
  tokenizer: TokenizerLimits;
  /** Wall-clock budget of one task from context to commit (models.task_deadline_s). */
  taskDeadlineMs: number;
  workspace: WorkspaceLimits;
}

export const DEFAULT_LIMITS: RuntimeLimits = {
  queue: DEFAULT_QUEUE_LIMITS,
  tokenizer: { maxWordChars: 256, exactMaxChars: 64 * 1024 },
  taskDeadlineMs: 900_000,
  workspace: { commit: true, maxFileBytes: 1024 * 1024, maxFiles: 500, maxTotalBytes: 16 * 1024 * 1024 },
};

const KIB = 1024;

export function resolveLimits(
  top: { queue?: z.infer<typeof QueueLimitsSchema>; context?: z.infer<typeof TokenizerLimitsSchema>; workspace?: z.infer<typeof WorkspaceSchema> },
  own: { workspace?: z.infer<typeof WorkspaceSchema> },
  deadlineS: number | undefined,
): RuntimeLimits {
  const d = DEFAULT_LIMITS;
  const q = top.queue ?? {};
  // Token counting is bounded for the whole process (the index is shared): top level only.
  const ctx = top.context ?? {};
  const ws = { ...top.workspace, ...own.workspace };
  return {
    queue: {
      maxTaskBytes: q.max_task_kb !== undefined ? Math.round(q.max_task_kb * KIB) : d.queue.maxTaskBytes,
      maxBlockBytes: q.max_block_kb !== undefined ? Math.round(q.max_block_kb * KIB) : d.queue.maxBlockBytes,
      maxBlockKeys: q.max_block_keys ?? d.queue.maxBlockKeys,
      afterGraceMs: q.after_grace_s !== undefined ? Math.round(q.after_grace_s * 1000) : d.queue.afterGraceMs,
    },
    tokenizer: {
      maxWordChars: ctx.tokenizer_max_word_chars ?? d.tokenizer.maxWordChars,
      exactMaxChars: ctx.tokenizer_exact_kb !== undefined ? Math.round(ctx.tokenizer_exact_kb * KIB) : d.tokenizer.exactMaxChars,
    },
    taskDeadlineMs: deadlineS !== undefined ? Math.round(deadlineS * 1000) : d.taskDeadlineMs,
    workspace: {
      commit: ws.commit ?? d.workspace.commit,
      maxFileBytes: ws.max_file_kb !== undefined ? Math.round(ws.max_file_kb * KIB) : d.workspace.maxFileBytes,
      maxFiles: ws.max_files ?? d.workspace.maxFiles,
      maxTotalBytes: ws.max_total_mb !== undefined ? Math.round(ws.max_total_mb * KIB * KIB) : d.workspace.maxTotalBytes,
    },
  };
}
