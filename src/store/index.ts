// store/: the filesystem contract (paths, atomic writes, front matter, the queue.md codec and
// file, git). Other modules import only from here; codec internals stay inside.
export type { Priority, QueueTask, RejectedBlock, FileChange, ChangeSet } from './types.ts';
export { StoreError, InvalidAgentNameError, FrontMatterError, InvalidTaskError, DuplicateTaskError, BootstrapPathError } from './errors.ts';
export { agentPaths, sharedPaths, runtimeDir, agentsYamlPath, type AgentPaths, type SharedPaths } from './paths.ts';
export { writeFileAtomic, writeFileAtomicJournaled, removeFileDurable, cleanTempFiles } from './atomic.ts';
export { parseFrontMatter, stringifyFrontMatter } from './frontmatter.ts';
export { parseQueue, serializeTask, orderTasks, splitBlocks, TASK_ID_RE, ttlMs, type NewTask, type QueueLimits } from './queue-codec.ts';
export { QueueFile } from './queue-file.ts';
export { readRejected, type RejectedEntry } from './rejected-file.ts';
export { Git, GitError } from './git.ts';
export { gitSafeText, gitPathProblem } from './git-safe.ts';
export { bootstrapRepo } from './bootstrap.ts';
