// The commit journal of earlier versions (before the commit became the journal): one left by a
// crash of such a version is read at start and replayed once (commit-recover.ts); none is written
// any more. A journal that cannot be read or applied is quarantined with its reason (a Markdown
// file a person reads), never left to stop the runtime.
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { removeFileDurable, runtimeDir, writeFileAtomic, type ChangeSet } from '../store/index.ts';

/** v1: { v, message, changes, dequeue, blocks }; a journal without `v` is from before versions (read the same). */
export const JOURNAL_VERSION = 1;

const Change = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('write'), path: z.string().min(1), content: z.string() }),
  z.strictObject({ op: z.literal('delete'), path: z.string().min(1) }),
]);
const JournalV1 = z.object({
  v: z.literal(JOURNAL_VERSION).optional(),
  message: z.string(),
  changes: z.array(Change),
  dequeue: z.array(z.string()),
  /** The queue.md blocks of the dequeued tasks, exactly as they stood: put back if the commit cannot be made. */
  blocks: z.array(z.string()).optional(),
});

/** What the journal holds: the change set and the dequeued tasks' blocks. */
export type Journaled = ChangeSet & { blocks?: string[] };

export function journalPath(dataDir: string, agent: string): string {
  return path.join(runtimeDir(dataDir), 'journal', `${agent}.json`);
}

export function quarantineDir(dataDir: string): string {
  return path.join(runtimeDir(dataDir), 'journal', 'quarantine');
}

export type JournalRead =
  | { kind: 'none' }
  | { kind: 'pending'; changeSet: Journaled; text: string }
  /** Unreadable, from a newer AgentOS, or not a change set: `dequeue` holds the task ids still recognisable. */
  | { kind: 'unusable'; reason: string; dequeue: string[]; blocks: string[]; text: string };

export async function readJournal(file: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // An atomic write cannot leave half a journal, but a person or a full disk might.
    return { kind: 'unusable', reason: `not JSON: ${(e as Error).message}`, ...salvage(text), text };
  }
  const v = (json as { v?: unknown } | null)?.v;
  if (v !== undefined && (typeof v !== 'number' || v > JOURNAL_VERSION)) {
    return { kind: 'unusable', reason: `journal version ${JSON.stringify(v)} is from a newer AgentOS (this one reads ${JOURNAL_VERSION}); upgrade, or re-run the task`, ...salvage(text), text };
  }
  const parsed = JournalV1.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'unusable', reason: `not a change set: ${issue.path.join('.') || '(top)'}: ${issue.message}`, ...salvage(text), text };
  }
  const { v: _v, ...cs } = parsed.data;
  return { kind: 'pending', changeSet: cs, text };
}

/** Task ids and blocks of a journal that did not parse, as far as they can still be read. */
function salvage(text: string): { dequeue: string[]; blocks: string[] } {
  try {
    const j = JSON.parse(text) as { dequeue?: unknown; blocks?: unknown };
    const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    return { dequeue: strings(j?.dequeue), blocks: strings(j?.blocks) };
  } catch {
    const m = /"dequeue"\s*:\s*\[([^\]]*)\]/.exec(text);
    const ids = m ? [...m[1].matchAll(/"([A-Za-z0-9][A-Za-z0-9._-]{0,127})"/g)].map((x) => x[1]) : [];
    return { dequeue: ids, blocks: [] };
  }
}

export async function clearJournal(file: string): Promise<void> {
  await removeFileDurable(file, { fsync: false });
}

/**
 * Moves a journal that could not be applied into DATA/.agentos/journal/quarantine/ as one
 * Markdown file: why, what happened to each task, and the journal itself. Returns its path.
 */
export async function quarantineJournal(dataDir: string, agent: string, file: string, text: string, reason: string, tasks: string[], now = new Date()): Promise<string> {
  const dir = quarantineDir(dataDir);
  await mkdir(dir, { recursive: true });
  const out = path.join(dir, `${agent}-${now.toISOString().replace(/[:.]/g, '-')}.md`);
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = [
    `# A commit of ${agent} that could not be replayed`,
    '',
    `When AgentOS restarted, it found the change set of an interrupted commit (${path.basename(file)}) and could not apply it:`,
    '',
    `> ${reason.replace(/\n/g, '\n> ')}`,
    '',
    'The runtime went on without it. The tasks it was for:',
    '',
    ...(tasks.length ? tasks.map((t) => `- ${t}`) : ['- (none recognisable)']),
    '',
    'The journal as it was found:',
    '',
    fence + 'json',
    text,
    fence,
    '',
  ].join('\n');
  await writeFileAtomic(out, body, { fsync: true });
  await rm(file, { force: true });
  return out;
}
