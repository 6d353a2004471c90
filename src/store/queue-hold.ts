// A hard link to queue.md's old inode, made before a rewrite renames the new file into place,
// so appends that land on the old inode survive even a kill -9 before they are moved over.
// Its name carries how many bytes of the old inode are already accounted for.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(3).toString('hex');
let seq = 0;

function holdPrefix(queuePath: string): string {
  return `.${path.basename(queuePath)}.hold.`;
}

function holdPath(queuePath: string, id: string, offset: number): string {
  return path.join(path.dirname(queuePath), `${holdPrefix(queuePath)}${id}.${offset}`);
}

/** Links the current queue.md; undefined where hard links are not supported (no protection then). */
export async function createHold(queuePath: string, offset: number): Promise<string | undefined> {
  const hold = holdPath(queuePath, `${process.pid}-${NONCE}-${++seq}`, offset);
  try {
    await fsp.link(queuePath, hold);
    return hold;
  } catch {
    return undefined;
  }
}

/** Records that the old inode is accounted for up to `offset`. */
export async function advanceHold(hold: string, offset: number): Promise<string> {
  const next = hold.replace(/\.\d+$/, `.${offset}`);
  if (next !== hold) await fsp.rename(hold, next);
  return next;
}

export async function releaseHold(hold: string | undefined): Promise<void> {
  if (hold) await fsp.rm(hold, { force: true });
}

/** Holds left by a process that died: their bytes beyond the recorded offset, oldest first. */
export async function leftoverHolds(queuePath: string): Promise<{ hold: string; extra: Buffer }[]> {
  const dir = path.dirname(queuePath);
  const prefix = holdPrefix(queuePath);
  let names: string[];
  try {
    names = (await fsp.readdir(dir)).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  const out: { hold: string; extra: Buffer; mtime: number }[] = [];
  for (const name of names) {
    const hold = path.join(dir, name);
    const offset = Number(/\.(\d+)$/.exec(name)?.[1] ?? 0);
    const [data, st] = await Promise.all([fsp.readFile(hold), fsp.stat(hold)]);
    out.push({ hold, extra: data.subarray(Math.min(offset, data.length)), mtime: st.mtimeMs });
  }
  return out.sort((a, b) => a.mtime - b.mtime).map(({ hold, extra }) => ({ hold, extra }));
}
