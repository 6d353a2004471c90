// The only stage that writes an agent's repository: one commit through the in-process git writer
// (store/git-writer) records a change set, the workspace files tools wrote, and queue.md without
// the dequeued tasks. The commit is the journal: a task is durable exactly when its commit's ref
// is. Working-tree files follow the commit (queue.md keeps every append that landed meanwhile)
// and are repaired from it after a crash (commit-recover.ts). A commit that fails before its ref
// moves leaves the working tree and queue.md untouched: a task never vanishes.
import path from 'node:path';
import { AgentOsError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../config/index.ts';
import { GitWriter, gitPathProblem, gitSafeText, type ChangeSet, type CommitChange, type GitWriterOptions } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { workspaceCommit } from './workspace-commit.ts';

export class UnsafeChangeError extends AgentOsError<'UNSAFE_CHANGE'> {
  readonly file: string;
  constructor(file: string, reason: string) {
    super('UNSAFE_CHANGE', `refused change to "${file}": ${reason}`);
    this.file = file;
  }
}

export const QUEUE_FILE = 'queue.md';

/** A change may only touch plain files inside the repository, never git's own. */
export function checkChangePath(file: string): string {
  const problem = gitPathProblem(file);
  if (problem) throw new UnsafeChangeError(file, problem);
  const norm = path.posix.normalize(file.replaceAll('\\', '/'));
  if (path.posix.isAbsolute(norm)) throw new UnsafeChangeError(file, 'absolute path');
  if (norm === '..' || norm.startsWith('../')) throw new UnsafeChangeError(file, 'outside the repository');
  if (norm === '.git' || norm.startsWith('.git/')) throw new UnsafeChangeError(file, "git's own files");
  if (norm === QUEUE_FILE) throw new UnsafeChangeError(file, 'queue.md changes only through dequeue');
  return norm;
}

/**
 * The agent's git writer: one per repository, opened by the runtime at start (and here on first
 * use if it was not), closed by Runtime.stop. `options` (tests, benchmarks) apply when it opens.
 */
export async function writerOf(ctx: AgentContext, options: GitWriterOptions = {}): Promise<GitWriter> {
  ctx.writer ??= GitWriter.open(ctx.paths.root, {
    maxFileBytes: (ctx.config.limits?.workspace ?? DEFAULT_LIMITS.workspace).maxFileBytes,
    onHousekeepingError: (err) => ctx.log.warn({ agent: ctx.config.name, err }, 'background git repack failed; the next one retries'),
    ...options,
  });
  return ctx.writer;
}

/**
 * Commits the change set, the workspace files and queue.md minus the `dequeue` tasks as one
 * commit; returns its sha once its ref is durable. The working-tree queue.md is rewritten after
 * that (under git's index lock, so no other git sees it half done), keeping late appends.
 */
export async function commitChangeSet(ctx: AgentContext, cs: ChangeSet): Promise<string> {
  const changes: CommitChange[] = cs.changes.map((c) => (c.op === 'write' ? { op: 'write', path: checkChangePath(c.path), content: c.content } : { op: 'delete', path: checkChangePath(c.path) }));
  const writer = await writerOf(ctx);
  const ws = workspaceCommit(ctx.paths.root, ctx.config.limits?.workspace);
  return ctx.queue.dequeue(cs.dequeue, async (next, _blocks, rewrite) => {
    if (next) changes.push({ op: 'write', path: QUEUE_FILE, content: next, worktree: 'verify' });
    const before = await ctx.git.headSha().catch(() => null);
    let r;
    try {
      r = await writer.commit({ message: (skipped) => ws.message(cs.message, skipped), changes, fromDisk: ws.fromDisk, fromDiskFilter: ws.filter, allowEmpty: true, afterRef: rewrite });
    } catch (err) {
      // Thrown after the ref moved (e.g. the index could not be written): the commit stands.
      const landed = await landedSince(ctx, before, cs.message);
      if (!landed) throw err;
      ctx.log.warn({ agent: ctx.config.name, err }, 'the commit landed but the index or working tree could not follow; git status may show it until the next commit');
      await rewrite();
      return landed;
    }
    if (r.afterRefError !== undefined) {
      ctx.log.warn({ agent: ctx.config.name, err: r.afterRefError }, 'queue.md could not follow the commit at once; trying again');
      await rewrite();
    }
    if (r.worktreeProblems.length) ctx.log.warn({ agent: ctx.config.name, problems: r.worktreeProblems }, 'working-tree files could not follow the commit; the next start repairs them from it');
    return r.sha;
  });
}

/** HEAD's sha when it moved since `before` to a commit with this message's subject (it landed). */
async function landedSince(ctx: AgentContext, before: string | null, message: string): Promise<string | undefined> {
  const now = await ctx.git.headSha().catch(() => null);
  if (!now || now === before) return undefined;
  return (await ctx.git.headSubject().catch(() => null)) === subjectOf(message) ? now : undefined;
}

/** The subject git records for a message: its first non-blank line, made safe. */
export function subjectOf(message: string): string {
  return gitSafeText(message).split('\n').map((l) => l.trimEnd()).find((l) => l !== '') ?? '';
}
