// The only stage that writes: apply a change set atomically and commit it once,
// in the same commit that removes the task from queue.md.
import { AgentOsError } from '../errors.ts';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { GitError, writeFileAtomicJournaled, type ChangeSet, type FileChange } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { clearJournal, journalPath, readJournal, writeJournal } from './journal.ts';

export class UnsafeChangeError extends AgentOsError<'UNSAFE_CHANGE'> {
  readonly file: string;
  constructor(file: string, reason: string) {
    super('UNSAFE_CHANGE', `refused change to "${file}": ${reason}`);
    this.file = file;
  }
}

const QUEUE_FILE = 'queue.md';

/** A change may only touch plain files inside the repository, never git's own. */
export function checkChangePath(file: string): string {
  const norm = path.posix.normalize(file.replaceAll('\\', '/'));
  if (path.posix.isAbsolute(norm)) throw new UnsafeChangeError(file, 'absolute path');
  if (norm === '..' || norm.startsWith('../')) throw new UnsafeChangeError(file, 'outside the repository');
  if (norm === '.git' || norm.startsWith('.git/')) throw new UnsafeChangeError(file, "git's own files");
  if (norm === QUEUE_FILE) throw new UnsafeChangeError(file, 'queue.md changes only through dequeue');
  return norm;
}

export async function commitChangeSet(ctx: AgentContext, cs: ChangeSet): Promise<string> {
  for (const c of cs.changes) checkChangePath(c.path);
  const journal = journalPath(ctx.dataDir, ctx.config.name);
  await writeJournal(journal, cs);
  const sha = await applyAndCommit(ctx, cs);
  await clearJournal(journal);
  return sha;
}

/** Replays a journaled change set left by a crash; returns what it did. */
export async function recoverPending(ctx: AgentContext): Promise<string | undefined> {
  const journal = journalPath(ctx.dataDir, ctx.config.name);
  const read = await readJournal(journal);
  if (read.kind === 'none') return undefined;
  if (read.kind === 'corrupt') return `unreadable journal moved to ${read.movedTo}`;
  const cs = read.changeSet;
  const subject = cs.message.split('\n')[0];
  if ((await ctx.git.headSubject()) !== subject) await applyAndCommit(ctx, cs);
  await clearJournal(journal);
  return `replayed "${subject}"`;
}

async function applyAndCommit(ctx: AgentContext, cs: ChangeSet): Promise<string> {
  const root = ctx.paths.root;
  let created = false;
  // The journal is the durable copy, so the files themselves skip fsync (and are small: written synchronously).
  for (const c of cs.changes) created = (await applyChange(root, c)) || created;
  const touched = cs.changes.map((c) => checkChangePath(c.path));
  if (cs.dequeue.length > 0) {
    await ctx.queue.remove(cs.dequeue);
    touched.push(QUEUE_FILE);
  }
  // Files git already tracks commit in one process (`git commit --only`); a new file needs `git add`.
  if (!created && touched.length > 0) {
    try {
      return await ctx.git.commit(cs.message, { allowEmpty: true, paths: touched });
    } catch (err) {
      if (!(err instanceof GitError)) throw err; // e.g. a replayed file git does not track yet
    }
  }
  if (touched.length > 0) await ctx.git.add(touched);
  return ctx.git.commit(cs.message, { allowEmpty: true });
}

/** Applies one change; true when it created a file that did not exist. */
async function applyChange(root: string, c: FileChange): Promise<boolean> {
  const abs = path.join(root, checkChangePath(c.path));
  if (c.op === 'write') return writeFileAtomicJournaled(abs, c.content);
  await rm(abs, { force: true });
  // Leave no empty folders behind (a pruned skill's folder), up to the root.
  for (let dir = path.dirname(abs); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      break;
    }
  }
  return false;
}
