// The in-process git object writer: commits written by Node as one fsync'd pack per commit,
// the branch ref moved under git's locks, the index and working tree kept in line.
export { GitWriter, type CommitChange, type CommitInput, type CommitResult, type GitWriterOptions } from './writer.ts';
export { recoverRepo, type RecoverOptions, type RecoverReport } from './recover.ts';
export { gitSafeText, cleanCommitMessage } from './safe-text.ts';
export { GitWriterError, GitLockedError, type GitWriterCode } from './errors.ts';
export { shouldRepack, type RepackPolicy } from './housekeeping.ts';
export { realFs, recordingFs, type FsLayer, type FsEvent } from './fs-layer.ts';
export type { Skipped } from './disk-scan.ts';
export type { Ident } from './objects.ts';
