// A change set is journaled before it touches the tree, so a crash between the
// first file write and the git commit is replayed on restart, never half-applied.
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { removeFileDurable, runtimeDir, writeFileAtomic, type ChangeSet } from '../store/index.ts';

export function journalPath(dataDir: string, agent: string): string {
  return path.join(runtimeDir(dataDir), 'journal', `${agent}.json`);
}

export async function writeJournal(file: string, cs: ChangeSet): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(cs), { fsync: true });
}

export type JournalRead = { kind: 'none' } | { kind: 'pending'; changeSet: ChangeSet } | { kind: 'corrupt'; movedTo: string };

export async function readJournal(file: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw err;
  }
  try {
    const cs = JSON.parse(text) as ChangeSet;
    if (typeof cs.message === 'string' && Array.isArray(cs.changes) && Array.isArray(cs.dequeue)) {
      return { kind: 'pending', changeSet: cs };
    }
  } catch {
    // fall through: an atomic write cannot leave half a journal, but a person might edit it
  }
  const movedTo = `${file}.corrupt-${Date.now()}`;
  await rename(file, movedTo);
  return { kind: 'corrupt', movedTo };
}

export async function clearJournal(file: string): Promise<void> {
  await removeFileDurable(file, { fsync: false });
}
