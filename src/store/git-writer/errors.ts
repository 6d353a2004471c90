// Coded errors of the in-process git object writer: each says what is wrong, where, and what to do.
import { AgentOsError } from '../../errors.ts';

export type GitWriterCode =
  /** A lock file (ref or index) stayed held past the configured wait. */
  | 'E_GIT_LOCKED'
  /** The repository uses a format the writer does not handle (sha256, reftable, a newer version). */
  | 'E_GIT_UNSUPPORTED'
  /** A path or change list that cannot become a git tree (absolute, `..`, `.git`, a duplicate). */
  | 'E_GIT_INPUT'
  /** HEAD is detached (a rebase or bisect in progress): there is no branch to commit on. */
  | 'E_GIT_DETACHED'
  /** An object the writer needs is missing or unreadable. */
  | 'E_GIT_OBJECT';

export class GitWriterError extends AgentOsError<GitWriterCode> {
  /** The file or repository the error is about. */
  readonly where: string;
  constructor(code: GitWriterCode, where: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.where = where;
  }
}

/** A lock file held by someone else (a person's git, another writer) for longer than `waitedMs`. */
export class GitLockedError extends GitWriterError {
  readonly waitedMs: number;
  constructor(lockPath: string, waitedMs: number) {
    super(
      'E_GIT_LOCKED',
      lockPath,
      `${lockPath} is held by another git process (waited ${waitedMs} ms); retry when it finishes, ` +
        'or, if no git process runs on this repository, remove the stale lock (recoverRepo does at startup)',
    );
    this.waitedMs = waitedMs;
  }
}
