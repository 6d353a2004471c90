// list_files: the entries of a workspace directory, optionally recursive, at most
// LIST_CAP of them. Symlinks are listed as such and never descended into; '.git'
// directories are listed but not descended into (their contents only waste the cap).
import type { Dirent } from 'node:fs';
import fsp from 'node:fs/promises';
import { joinSegments } from './confine.ts';
import type { DirHandle } from './dir-handle.ts';
import { fromFsError } from './errors.ts';
import { openTarget } from './workspace-fs.ts';

export const LIST_CAP = 500;

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

export interface ListEntry {
  path: string;
  type: EntryType;
  /** Bytes, for files. */
  size?: number;
}

export interface ListFilesResult {
  path: string;
  entries: ListEntry[];
  truncated: boolean;
  note?: string;
}

function typeOf(d: Dirent): EntryType {
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'symlink';
  return 'other';
}

export async function listFilesTool(workspace: string, input: { path?: string; recursive?: boolean }): Promise<ListFilesResult> {
  const t = await openTarget(workspace, input.path ?? '.', 'read', 'dir');
  const prefix = t.shown === '.' ? [] : t.shown.split('/');
  const entries: ListEntry[] = [];
  let truncated = false;
  // Breadth first, so a capped listing shows the top of the tree.
  const queue: { dir: DirHandle; segs: string[] }[] = [{ dir: t.dir, segs: prefix }];
  try {
    while (queue.length) {
      const { dir, segs } = queue.shift()!;
      try {
        const names = (await fsp.readdir(dir.self, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const d of names) {
          if (entries.length >= LIST_CAP) {
            truncated = true;
            break;
          }
          const type = typeOf(d);
          const entry: ListEntry = { path: joinSegments([...segs, d.name]), type };
          if (type === 'file') entry.size = await sizeOf(dir.at(d.name));
          entries.push(entry);
          if (input.recursive && type === 'dir' && d.name.toLowerCase() !== '.git') {
            // child() refuses a symlink swapped in since readdir (O_NOFOLLOW).
            const sub = await dir.child(d.name, false).catch(() => undefined);
            if (sub) queue.push({ dir: sub, segs: [...segs, d.name] });
          }
        }
      } finally {
        await dir.close();
      }
      if (truncated) break;
    }
  } catch (e) {
    throw fromFsError(e, t.shown);
  } finally {
    for (const q of queue) await q.dir.close().catch(() => {});
  }
  const result: ListFilesResult = { path: t.shown, entries, truncated };
  if (truncated) result.note = `truncated at ${LIST_CAP} entries; list a subdirectory to see more`;
  return result;
}

async function sizeOf(p: string): Promise<number | undefined> {
  try {
    return (await fsp.lstat(p)).size;
  } catch {
    return undefined; // removed since readdir
  }
}
