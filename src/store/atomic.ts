// Crash-safe file writes: temp file in the same directory, fsync, rename, fsync the directory.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Per-process nonce: tells our temp files from those of an earlier process with the same pid. */
const NONCE = randomBytes(4).toString('hex');
let counter = 0;

/** `.<base>.<pid>-<nonce>.<n>.agentos-tmp`: recognisable, hidden, and unique per writer. */
const TEMP_RE = /^\..*\.(\d+)-([0-9a-f]{8})\.\d+\.agentos-tmp$/;

export function tempPathFor(file: string): string {
  counter = (counter + 1) % 1e9;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${NONCE}.${counter}.agentos-tmp`);
}

export function isTempFileName(name: string): boolean {
  return TEMP_RE.test(name);
}

export interface WriteAtomicOptions {
  /** fsync the file and its directory (default true). Off only for caches. */
  fsync?: boolean;
  /** Never replace an existing file: returns false and leaves it untouched. */
  exclusive?: boolean;
}

/** fsync a directory so a rename or unlink in it survives a crash. Best effort where unsupported. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}

async function ensureDir(dir: string, sync: boolean): Promise<void> {
  const first = await fsp.mkdir(dir, { recursive: true });
  if (!first || !sync) return;
  // Make every new directory entry durable: fsync the parent of each created directory.
  const created: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    created.push(d);
    if (d === first || path.dirname(d) === d) break;
  }
  for (const d of [path.dirname(first), ...created.reverse()]) await fsyncDir(d);
}

async function linkNoClobber(tmp: string, file: string): Promise<boolean> {
  try {
    await fsp.link(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
  }
  // Filesystems without hard links: check, then rename (a narrow race we accept there).
  if (await pathExists(file)) return false;
  await fsp.rename(tmp, file);
  return true;
}

/** Whether anything (a file, a directory, a dangling link) is at `p`. */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Write `content` to `file` so a reader or a crash sees either the old or the new file, never a mix.
 * Creates parent directories and keeps an existing file's mode. Returns false only when
 * `exclusive` is set and the file already existed.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, opts: WriteAtomicOptions = {}): Promise<boolean> {
  const sync = opts.fsync !== false;
  const dir = path.dirname(file);
  await ensureDir(dir, sync);
  let mode: number | undefined;
  if (!opts.exclusive) {
    try {
      mode = (await fsp.stat(file)).mode & 0o7777;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const tmp = tempPathFor(file);
  const fh = await fsp.open(tmp, 'wx', 0o666);
  try {
    if (mode !== undefined) await fh.chmod(mode);
    await fh.writeFile(content);
    if (sync) await fh.sync();
  } catch (e) {
    await fh.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  let written = true;
  try {
    if (opts.exclusive) {
      written = await linkNoClobber(tmp, file);
      await fsp.rm(tmp, { force: true });
    } else await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  if (sync && written) await fsyncDir(dir);
  return written;
}

/** Unlink a file durably; a missing file is not an error. Returns whether it removed one. */
export async function removeFileDurable(file: string, opts: { fsync?: boolean } = {}): Promise<boolean> {
  try {
    await fsp.unlink(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (opts.fsync !== false) await fsyncDir(path.dirname(file));
  return true;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface CleanTempOptions {
  /** A temp file older than this is stale whoever wrote it (default 10 minutes). */
  maxAgeMs?: number;
  /** Remove every temp file, live writer or not (only when no writer can run). */
  force?: boolean;
}

/**
 * Remove temp files left by a crashed writer in `dir` (not recursive). A temp file is stale when
 * its writer's pid is gone, when it carries our pid but another process's nonce (a container
 * restart reuses pids), or when it is older than maxAgeMs. Returns the removed paths.
 */
export async function cleanTempFiles(dir: string, opts: CleanTempOptions = {}): Promise<string[]> {
  const maxAge = opts.maxAgeMs ?? 10 * 60 * 1000;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    const pid = Number(m[1]);
    let stale = opts.force === true;
    if (!stale) stale = pid === process.pid ? m[2] !== NONCE : !pidAlive(pid);
    if (!stale) {
      try {
        stale = Date.now() - (await fsp.lstat(full)).mtimeMs > maxAge;
      } catch {
        continue;
      }
    }
    if (stale && (await removeFileDurable(full, { fsync: false }))) removed.push(full);
  }
  if (removed.length) await fsyncDir(dir);
  return removed;
}
