// The in-process git object writer: commits written by Node as one fsync'd pack per commit,
// the branch ref moved under git's locks, the index and working tree kept in line.
export { GitWriter, type CommitChange, type CommitInput, type CommitResult, type GitWriterOptions } from './writer.ts';
export { recoverRepo, type RecoverOptions, type RecoverReport } from './recover.ts';
export { gitSafeText } from './safe-text.ts';
export { GitWriterError, GitLockedError, type GitWriterCode } from './errors.ts';
