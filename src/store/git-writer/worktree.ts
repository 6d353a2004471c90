// The working tree side of a commit: write or remove the committed files, check a file on disk
// against the content committed, and turn a file's lstat into the stat data the index keeps.
import fs from 'node:fs';
import path from 'node:path';
import { ZERO_STAT, type IndexStat } from './index-format.ts';

const low32 = (v: bigint): number => Number(v & 0xffffffffn);

export function indexStat(st: fs.BigIntStats): IndexStat {
  return {
    ctimeSec: low32(st.ctimeNs / 1_000_000_000n),
    ctimeNsec: Number(st.ctimeNs % 1_000_000_000n),
    mtimeSec: low32(st.mtimeNs / 1_000_000_000n),
    mtimeNsec: Number(st.mtimeNs % 1_000_000_000n),
    dev: low32(st.dev),
    ino: low32(st.ino),
    uid: low32(st.uid),
    gid: low32(st.gid),
    size: low32(st.size),
  };
}

/** Whether an index entry's stored stat (its raw bytes) still matches the file's lstat. */
export function statMatches(raw: Buffer | undefined, st: fs.BigIntStats, mode: number): boolean {
  if (!raw) return false;
  const s = indexStat(st);
  const want = [s.ctimeSec, s.ctimeNsec, s.mtimeSec, s.mtimeNsec, s.dev, s.ino, mode, s.uid, s.gid, s.size];
  for (let i = 0; i < want.length; i++) if (raw.readUInt32BE(i * 4) !== want[i] >>> 0) return false;
  return true;
}

/** The index mode of what lstat saw: 100644, 100755, 120000, or 0 for anything else. */
export function modeOf(st: fs.BigIntStats | fs.Stats): number {
  if (st.isSymbolicLink()) return 0o120000;
  if (!st.isFile()) return 0;
  return Number(st.mode) & 0o111 ? 0o100755 : 0o100644;
}

/**
 * Write a committed file into the working tree; returns its stat for the index. An existing file
 * is overwritten in place (write at 0, then cut to length), a new one created exclusively: no
 * temp file, no rename, no truncate to zero, which on ext4 each cost a flush of their own. No
 * fsync: the commit is the durable copy, and recoverRepo rewrites from it the files of a commit
 * a crash cut short (it knows them by the index.lock the crash left).
 */
export function writeWorktreeFile(root: string, rel: string, content: Buffer, executable: boolean): IndexStat {
  const file = path.join(root, rel);
  const want = executable ? 0o755 : 0o644;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') fs.unlinkSync(file); // a symbolic link where the file goes: replace the link, never its target
    else if (code !== 'ENOENT') throw e;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL, want);
  }
  try {
    const before = fs.fstatSync(fd);
    if (!before.isFile()) throw new Error(`${file} is not a regular file`);
    let off = 0;
    while (off < content.length) off += fs.writeSync(fd, content, off, content.length - off, off);
    if (before.size > content.length) fs.ftruncateSync(fd, content.length);
    // An existing file may have the wrong x bit: add x where r is (as git does), or drop all x.
    const mode = before.mode & 0o7777;
    if (((mode & 0o111) !== 0) !== executable) fs.fchmodSync(fd, executable ? mode | ((mode & 0o444) >> 2) : mode & ~0o111);
    return indexStat(fs.fstatSync(fd, { bigint: true }));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The stat of `rel` if its bytes and mode are exactly what was committed, else ZERO_STAT (git then
 * re-reads the file and reports a difference if there is one). Read and stat use one descriptor.
 */
export function verifiedStat(root: string, rel: string, content: Buffer, mode: number): IndexStat {
  let fd: number;
  try {
    fd = fs.openSync(path.join(root, rel), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return ZERO_STAT;
  }
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (modeOf(st) !== mode || Number(st.size) !== content.length) return ZERO_STAT;
    const buf = Buffer.allocUnsafe(content.length);
    let off = 0;
    while (off < buf.length) {
      const n = fs.readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) return ZERO_STAT;
      off += n;
    }
    return buf.equals(content) ? indexStat(st) : ZERO_STAT;
  } finally {
    fs.closeSync(fd);
  }
}

/** Remove a committed file and then every folder it leaves empty, up to (not including) root. */
export function removeWorktreeFile(root: string, rel: string): void {
  const file = path.join(root, rel);
  try {
    const st = fs.lstatSync(file);
    if (st.isDirectory()) return; // a folder a person made where the file was: leave it
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
  }
  removeEmptyParents(root, path.dirname(file));
}

export function removeEmptyParents(root: string, dir: string): void {
  for (let d = dir; d.startsWith(root + path.sep); d = path.dirname(d)) {
    try {
      fs.rmdirSync(d);
    } catch {
      return; // not empty (or gone): stop
    }
  }
}
