// At start, before an agent's first commit: what a crash (kill -9, power loss) left on the commit
// path is repaired from the last commit, which is the journal. recoverRepo removes stale locks and
// temp objects and brings the working tree and index of an interrupted commit to HEAD; queue.md,
// which may hold appends the commit never saw, is repaired here: the blocks HEAD's commit took out
// leave the working-tree file too. A journal left by an earlier version is replayed once, or
// quarantined with the reason a person can read.
import { recoverRepo, splitBlocks, type GitWriter } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { checkChangePath, commitChangeSet, QUEUE_FILE, subjectOf, writerOf } from './commit.ts';
import { clearJournal, journalPath, quarantineJournal, readJournal, type Journaled } from './journal.ts';
import { doneIdOf } from './task-history.ts';

/** Repairs the agent's repository and queue.md after a crash; returns what it did, for the log. */
export async function recoverCommitPath(ctx: AgentContext): Promise<string[]> {
  const did: string[] = [];
  // Under the daemon lock no git of ours runs on the repository: every lock file is stale.
  const r = await recoverRepo(ctx.paths.root, { callerOwns: [QUEUE_FILE] });
  if (r.removed.length) did.push(`removed ${r.removed.length} stale lock or temp file(s)`);
  if (r.indexRebuilt) did.push('rebuilt an unreadable .git/index from HEAD');
  if (r.repaired.length) did.push(`brought ${r.repaired.join(', ')} to HEAD (an interrupted commit)`);
  if (r.leftAlone.length) did.push(`left ${r.leftAlone.join(', ')} as a person changed them since HEAD's commit`);
  const moved = await ctx.queue.recoverHolds();
  if (moved) did.push(`moved ${moved} bytes appended to queue.md during a crashed rewrite`);
  const writer = await writerOf(ctx);
  const gone = await repairQueue(ctx, await writer);
  if (gone.length) did.push(`took ${gone.join(', ')} out of queue.md (committed before the crash)`);
  const legacy = await recoverLegacyJournal(ctx);
  if (legacy) did.push(legacy);
  return did;
}

/**
 * The tasks HEAD's commit took out of queue.md that the working-tree file still holds: the crash
 * came between the commit and the rewrite. They are the task its subject closes
 * (`<agent>(task|dead-letter): <id>`) and any block of its parent's queue.md it no longer holds;
 * a block counts only if HEAD's queue.md does not hold it. They leave queue.md now; appends made
 * since stay. Returns their ids.
 */
async function repairQueue(ctx: AgentContext, writer: GitWriter): Promise<string[]> {
  const head = await ctx.git.headSha().catch(() => null);
  if (!head) return [];
  const body = (await writer.reader.read(head)).body.toString('utf8');
  const parent = /^parent ([0-9a-f]{40})$/m.exec(body.slice(0, body.indexOf('\n\n')))?.[1];
  const closed = doneIdOf(subjectOf(body.slice(body.indexOf('\n\n') + 2)));
  const now = (await queueAt(writer, head)) ?? '';
  const kept = new Set(blocksOf(now));
  const taken = new Set(parent ? blocksOf((await queueAt(writer, parent)) ?? '').filter((b) => !kept.has(b)) : []);
  const inHead = new Set(splitBlocks(now).map((s) => s.header));
  if (!taken.size && (!closed || inHead.has(closed))) return [];
  const { text } = await ctx.queue.read();
  const ids = splitBlocks(text)
    .filter((s) => !inHead.has(s.header) && (s.header === closed || taken.has(text.slice(s.start, s.end).trimEnd())))
    .map((s) => s.header);
  if (ids.length) await ctx.queue.remove(ids);
  return ids;
}

function blocksOf(text: string): string[] {
  return splitBlocks(text).map((s) => text.slice(s.start, s.end).trimEnd());
}

/** queue.md as commit `sha` holds it (null when it holds none). */
async function queueAt(writer: GitWriter, sha: string): Promise<string | null> {
  const entry = (await writer.reader.tree(await writer.reader.commitTree(sha))).find((e) => e.name === QUEUE_FILE);
  return entry ? (await writer.reader.read(entry.sha)).body.toString('utf8') : null;
}

/**
 * A journal an earlier version left (its crash came between the journal and its git commit) is
 * replayed as a commit, unless that commit landed; one that cannot be applied is quarantined and
 * its tasks stay queued (put back from the journal if the crash had taken them out).
 */
export async function recoverLegacyJournal(ctx: AgentContext): Promise<string | undefined> {
  const journal = journalPath(ctx.dataDir, ctx.config.name);
  const read = await readJournal(journal);
  if (read.kind === 'none') return undefined;
  if (read.kind === 'unusable') return quarantine(ctx, journal, read.text, read.reason, { dequeue: read.dequeue, blocks: read.blocks });
  const cs = read.changeSet;
  const subject = subjectOf(cs.message);
  try {
    if ((await ctx.git.headSubject()) !== subject) await commitChangeSet(ctx, { message: cs.message, changes: cs.changes, dequeue: cs.dequeue });
    await clearJournal(journal);
    return `replayed the journal of an earlier version: "${subject}"`;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    // The earlier version may have written some files before it died: put them back as HEAD has them.
    await ctx.git.restoreFromHead(cs.changes.map((c) => c.path).filter(safe)).catch(() => {});
    return quarantine(ctx, journal, read.text, `replaying "${subject}" failed: ${reason}`, cs);
  }
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
    if (subjects.some((s) => doneIdOf(s) === id)) fates.push(`${id}: already committed; nothing to do`);
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
