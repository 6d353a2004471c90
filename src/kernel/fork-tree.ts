// Walking a workspace tree within bounds, and making one tree equal another (a fork merged back):
// files copied where they differ (through a temp file and a rename), symlinks recreated, what the
// source lacks removed. Used by fork.ts; no knowledge of tasks or agents here.
import { constants } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AgentOsError } from '../errors.ts';

export class ForkError extends AgentOsError<'FORK_FAILED'> {}

export interface TreeEntry {
  kind: 'file' | 'dir' | 'link';
  size: number;
  mode: number;
}

export interface TreeBounds {
  /** Entries (files, directories, links) a tree may hold. */
  maxEntries: number;
  /** Bytes of file content a tree may hold. */
  maxBytes: number;
}

/** Every entry below `root` by relative path ('/'-separated), within bounds; throws ForkError past them. */
export async function listTree(root: string, bounds: TreeBounds, label = 'the workspace'): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    let names: string[];
    try {
      names = (await fsp.readdir(path.join(root, rel))).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await fsp.lstat(path.join(root, r));
      const kind = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
      if (!kind) continue; // sockets, fifos: nothing a fork carries
      if (out.size >= bounds.maxEntries) throw new ForkError('FORK_FAILED', `${label} holds more than ${bounds.maxEntries} entries (speculation.max_fork_files)`);
      if (kind === 'file') bytes += st.size;
      if (bytes > bounds.maxBytes) throw new ForkError('FORK_FAILED', `${label} holds more than ${Math.round(bounds.maxBytes / 1024 / 1024)} MiB (speculation.max_fork_mb)`);
      out.set(r, { kind, size: kind === 'file' ? st.size : 0, mode: st.mode & 0o7777 });
      if (kind === 'dir') await walk(r);
    }
  };
  await walk('');
  return out;
}

export interface SyncResult {
  /** Files written or links made, relative to the target. */
  written: string[];
  /** Entries removed from the target. */
  removed: string[];
}

/** Makes `target` hold exactly what `source` holds (both trees listed within `bounds`). */
export async function syncTree(source: string, target: string, bounds: TreeBounds): Promise<SyncResult> {
  const [from, to] = await Promise.all([listTree(source, bounds, 'the fork'), listTree(target, bounds)]);
  const result: SyncResult = { written: [], removed: [] };
  // Removals first, deepest first: a file may be replaced by a directory of the same name.
  const gone = [...to.keys()].filter((p) => {
    const s = from.get(p);
    return !s || s.kind !== to.get(p)!.kind;
  });
  for (const p of gone.sort((a, b) => b.length - a.length)) {
    if (!(await exists(path.join(target, p)))) continue; // went with its directory
    await fsp.rm(path.join(target, p), { recursive: true, force: true });
    result.removed.push(p);
  }
  for (const [p, e] of from) {
    const dst = path.join(target, p);
    const src = path.join(source, p);
    const had = to.get(p);
    const same = had && had.kind === e.kind;
    if (e.kind === 'dir') {
      if (!same) await fsp.mkdir(dst, { recursive: true });
      if (!same || had.mode !== e.mode) await fsp.chmod(dst, e.mode);
      continue;
    }
    if (e.kind === 'link') {
      const link = await fsp.readlink(src);
      if (same && (await fsp.readlink(dst)) === link) continue;
      await fsp.rm(dst, { force: true });
      await fsp.symlink(link, dst);
      result.written.push(p);
      continue;
    }
    if (same && had.size === e.size && (await sameBytes(src, dst))) {
      if (had.mode !== e.mode) await fsp.chmod(dst, e.mode);
      continue;
    }
    const tmp = path.join(path.dirname(dst), `.${path.basename(dst)}.fork-merge`);
    await fsp.copyFile(src, tmp, constants.COPYFILE_FICLONE);
    await fsp.chmod(tmp, e.mode);
    await fsp.rename(tmp, dst);
    result.written.push(p);
  }
  return result;
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([fsp.readFile(a), fsp.readFile(b)]);
  return x.equals(y);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}
