// The only stage that writes: apply a change set atomically and commit it once,
// in the same commit that removes the task from queue.md. A commit that fails is undone
// (the files as HEAD has them, the task back in queue.md): a task never vanishes.
import { AgentOsError } from '../errors.ts';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { gitPathProblem, gitSafeText, GitError, splitBlocks, writeFileAtomicJournaled, type ChangeSet, type FileChange } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { clearJournal, journalPath, quarantineJournal, readJournal, writeJournal, type Journaled } from './journal.ts';
import { workspaceChanges } from './workspace-commit.ts';

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
  const problem = gitPathProblem(file);
  if (problem) throw new UnsafeChangeError(file, problem);
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
  await writeJournal(journal, { ...cs, blocks: await queuedBlocks(ctx, cs.dequeue) });
  const removed: string[] = [];
  try {
    const sha = await applyAndCommit(ctx, cs, removed);
    await clearJournal(journal);
    return sha;
  } catch (err) {
    // The commit may have landed before something after it failed: then it stands.
    if ((await ctx.git.headSubject().catch(() => null)) === subjectOf(cs.message)) {
      await clearJournal(journal);
      return ctx.git.headSha();
    }
    try {
      await undo(ctx, cs, removed);
      await clearJournal(journal);
    } catch (undoErr) {
      // The journal stays: the next start replays or quarantines it.
      ctx.log.error({ agent: ctx.config.name, err: undoErr }, 'undoing a failed commit failed; it is replayed at the next start');
    }
    throw err;
  }
}

/** The subject git records for a message (what headSubject returns): its first non-blank line, made safe. */
function subjectOf(message: string): string {
  return gitSafeText(message).split('\n').map((l) => l.trimEnd()).find((l) => l !== '') ?? '';
}

/** The exact queue.md text of each task about to be dequeued, to put back if the commit fails. */
async function queuedBlocks(ctx: AgentContext, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const { text, tasks } = await ctx.queue.read();
  const lines = new Set(tasks.filter((t) => ids.includes(t.id)).map((t) => t.line));
  return splitBlocks(text).filter((s) => lines.has(s.line)).map((s) => text.slice(s.start, s.end));
}

/** Puts the dequeued blocks back in queue.md (first: a task must not vanish), then the files as HEAD has them. */
async function undo(ctx: AgentContext, cs: ChangeSet, removed: string[]): Promise<void> {
  await ctx.queue.restore(removed);
  await ctx.git.restoreFromHead([...new Set(cs.changes.map((c) => checkChangePath(c.path)))]);
}

/**
 * Replays a journaled change set left by a crash; returns what it did. One that cannot be
 * applied is quarantined (journal.ts) and its tasks stay queued, put back from the journal if
 * the crash had already taken them out: the runtime starts either way.
 */
export async function recoverPending(ctx: AgentContext): Promise<string | undefined> {
  const journal = journalPath(ctx.dataDir, ctx.config.name);
  const read = await readJournal(journal);
  if (read.kind === 'none') return undefined;
  if (read.kind === 'pending') {
    const cs = read.changeSet;
    const subject = subjectOf(cs.message);
    try {
      if ((await ctx.git.headSubject()) !== subject) await applyAndCommit(ctx, cs, []);
      await clearJournal(journal);
      return `replayed "${subject}"`;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await ctx.git.restoreFromHead(cs.changes.map((c) => c.path).filter((p) => !gitPathProblem(p) && safe(p))).catch(() => {});
      return quarantine(ctx, journal, read.text, `replaying "${subject}" failed: ${reason}`, cs);
    }
  }
  return quarantine(ctx, journal, read.text, read.reason, { dequeue: read.dequeue, blocks: read.blocks });
}

function safe(p: string): boolean {
  try {
    checkChangePath(p);
    return true;
  } catch {
    return false;
  }
}

async function quarantine(ctx: AgentContext, journal: string, text: string, reason: string, cs: Pick<Journaled, 'dequeue' | 'blocks'>): Promise<string> {
  const { text: queued } = await ctx.queue.read();
  const present = new Set(splitBlocks(queued).map((s) => s.header));
  const subjects = await ctx.git.subjects(500).catch(() => [] as string[]);
  const fates: string[] = [];
  const back: string[] = [];
  for (const id of cs.dequeue) {
    const block = cs.blocks?.find((b) => splitBlocks(b)[0]?.header === id);
    if (subjects.some((s) => s.endsWith(`: ${id}`) && /\((task|dead-letter)\): /.test(s))) fates.push(`${id}: already committed; nothing to do`);
    else if (present.has(id)) fates.push(`${id}: still in queue.md; it runs again`);
    else if (block) {
      back.push(block);
      fates.push(`${id}: put back in queue.md; it runs again`);
    } else fates.push(`${id}: not in queue.md and its block is not in the journal: re-enqueue it from the journal below`);
  }
  await ctx.queue.restore(back);
  const file = await quarantineJournal(ctx.dataDir, ctx.config.name, journal, text, reason, fates);
  ctx.log.error({ agent: ctx.config.name, quarantined: file, tasks: fates }, `an interrupted commit could not be replayed: ${reason}`);
  return `could not replay an interrupted commit (${reason}); quarantined to ${file}; ${fates.join('; ') || 'no tasks'}`;
}

async function applyAndCommit(ctx: AgentContext, cs: ChangeSet, removed: string[]): Promise<string> {
  const root = ctx.paths.root;
  let created = false;
  // The journal is the durable copy, so the files themselves skip fsync (and are small: written synchronously).
  for (const c of cs.changes) created = (await applyChange(root, c)) || created;
  const touched = cs.changes.map((c) => checkChangePath(c.path));
  if (cs.dequeue.length > 0) {
    await ctx.queue.remove(cs.dequeue, removed);
    touched.push(QUEUE_FILE);
  }
  // What tools wrote in workspace/ goes into the same commit (or is named as left out, with why).
  const ws = await workspaceChanges(ctx.git, ctx.config.limits?.workspace);
  const message = ws.skipped.length ? `${cs.message.trimEnd()}\n\nworkspace files not versioned (${ws.skipped.length}):\n${ws.skipped.map((s) => `- ${s.path}: ${s.reason}`).join('\n')}\n` : cs.message;
  // Files git already tracks commit in one process (`git commit --only`); a new file needs `git add`.
  if (!created && ws.paths.length === 0 && touched.length > 0) {
    try {
      return await ctx.git.commit(message, { allowEmpty: true, paths: touched });
    } catch (err) {
      if (!(err instanceof GitError)) throw err; // e.g. a replayed file git does not track yet
    }
  }
  const all = [...touched, ...ws.paths];
  if (all.length > 0) await ctx.git.add(all);
  return ctx.git.commit(message, { allowEmpty: true });
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
