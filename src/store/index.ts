// store/: the filesystem contract. Other modules import only from here.
export type { Priority, QueueTask, RejectedBlock, FileChange, ChangeSet } from './types.ts';
export { StoreError, InvalidAgentNameError, FrontMatterError, InvalidTaskError, DuplicateTaskError, BootstrapPathError } from './errors.ts';
export {
  AGENT_NAME_RE,
  isValidAgentName,
  assertAgentName,
  agentPaths,
  sharedPaths,
  runtimeDir,
  agentsYamlPath,
  agentsRoot,
  type AgentPaths,
  type SharedPaths,
} from './paths.ts';
export { writeFileAtomic, writeFileAtomicJournaled, removeFileDurable, cleanTempFiles, fsyncDir, isTempFileName, type WriteAtomicOptions, type CleanTempOptions } from './atomic.ts';
export { parseFrontMatter, stringifyFrontMatter, type FrontMatter } from './frontmatter.ts';
export {
  parseQueue,
  serializeTask,
  removeBlocks,
  removeRawBlocks,
  orderTasks,
  splitBlocks,
  TASK_ID_RE,
  isValidTaskId,
  isIsoTimestamp,
  type NewTask,
  type ParseOptions,
  type ParsedQueue,
  type PartialBlock,
  type BlockSpan,
} from './queue-codec.ts';
export { QueueFile, type QueueSnapshot, type QueueFileOptions } from './queue-file.ts';
export { readRejected, parseRejected, formatRejected, type RejectedEntry } from './rejected-file.ts';
export { Git, GitError, type GitLogEntry, type GitStatusEntry } from './git.ts';
export { bootstrapRepo, type BootstrapOptions, type BootstrapResult } from './bootstrap.ts';
export {
  GitWriter,
  recoverRepo,
  gitSafeText,
  cleanCommitMessage,
  GitWriterError,
  GitLockedError,
  shouldRepack,
  realFs,
  recordingFs,
  type CommitChange,
  type CommitInput,
  type CommitResult,
  type GitWriterOptions,
  type RecoverOptions,
  type RecoverReport,
  type GitWriterCode,
  type RepackPolicy,
  type FsLayer,
  type FsEvent,
  type Skipped,
  type Ident,
} from './git-writer/index.ts';
