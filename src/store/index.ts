// store/: the filesystem contract (paths, atomic writes, front matter, the queue.md codec and
// file, git). Other modules import only from here; codec internals stay inside.
export type { Priority, QueueTask, RejectedBlock, FileChange, ChangeSet } from './types.ts';
export { StoreError, DuplicateTaskError } from './errors.ts';
export { AGENT_NAME_RE, agentPaths, sharedPaths, runtimeDir, agentsYamlPath, type AgentPaths, type SharedPaths } from './paths.ts';
export { writeFileAtomic, removeFileDurable, cleanTempFiles, pathExists } from './atomic.ts';
export { overwriteInPlaceSync } from './overwrite.ts';
export { parseFrontMatter, stringifyFrontMatter } from './frontmatter.ts';
export { parseQueue, serializeTask, orderTasks, splitBlocks, TASK_ID_RE, isValidTaskId, ttlMs, DEFAULT_QUEUE_LIMITS, type NewTask, type QueueLimits } from './queue-codec.ts';
export { QueueFile } from './queue-file.ts';
export { readRejected, type RejectedEntry } from './rejected-file.ts';
export { Git, GitError } from './git.ts';
export { gitPathProblem } from './git-safe.ts';
export { bootstrapRepo } from './bootstrap.ts';
export {
  CHECKPOINT_VERSION, readCheckpoint, readCheckpointRequest,
  type Checkpoint, type CheckpointCall, type CheckpointErrorCode, type CheckpointPending, type CheckpointRecord, type CheckpointRequest,
} from './checkpoint-format.ts';
export { JudgeSpec, JudgeSpecs, checkJudges, mergeJudges, type JudgeKind } from './judge-spec.ts';
// The in-process git writer (git-writer/README.md): commit, recover at startup, safe text for git.
export { GitWriter, recoverRepo, gitSafeText, GitWriterError, GitLockedError } from './git-writer/index.ts';
export type { CommitChange, CommitInput, CommitResult, GitWriterOptions, RecoverReport } from './git-writer/index.ts';
