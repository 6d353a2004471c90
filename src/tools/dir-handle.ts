// An open directory, addressed through its file descriptor where the OS allows it.
// Node has no openat/renameat/mkdirat, but on Linux `/proc/self/fd/N/<name>` makes the
// kernel resolve <name> inside the directory that fd N holds open, whatever has since
// happened to the path that led there: the `*at` calls by another route.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = fs.constants;
/** Opens a directory, refusing a symlink as the last component. */
export const DIR_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

let procFd: boolean | undefined;

/** Whether `/proc/self/fd` can address directories (Linux with /proc mounted). */
export function procFdAvailable(): boolean {
  if (procFd === undefined) {
    try {
      procFd = fs.statSync('/proc/self/fd').isDirectory() && process.platform === 'linux';
    } catch {
      procFd = false;
    }
  }
  return procFd;
}

export class DirHandle {
  readonly fh: fsp.FileHandle;
  /** The real path this handle was opened at (what it should still be). */
  readonly expected: string;

  private constructor(fh: fsp.FileHandle, expected: string) {
    this.fh = fh;
    this.expected = expected;
  }

  /** Opens `realPath`, an absolute real path (the workspace root): the last component must not be a symlink. */
  static async open(realPath: string): Promise<DirHandle> {
    return new DirHandle(await fsp.open(realPath, DIR_FLAGS), realPath);
  }

  /** Whether operations go through the fd (race-free) or by path (the fallback). */
  get byFd(): boolean {
    return procFdAvailable();
  }

  /** A path that names `name` inside this directory: through the fd where possible. */
  at(name: string): string {
    return this.byFd ? `/proc/self/fd/${this.fh.fd}/${name}` : path.join(this.expected, name);
  }

  /** This directory itself, for readdir. */
  get self(): string {
    return this.byFd ? `/proc/self/fd/${this.fh.fd}` : this.expected;
  }

  /** Opens child directory `name`, never through a symlink; with `create`, makes it first. */
  async child(name: string, create: boolean): Promise<DirHandle> {
    const p = this.at(name);
    if (create) {
      try {
        await fsp.mkdir(p, { mode: 0o777 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    return new DirHandle(await fsp.open(p, DIR_FLAGS), path.join(this.expected, name));
  }

  /**
   * Where the kernel says the open directory is now, or undefined without /proc. A
   * directory moved or deleted since it was opened shows a different path here.
   */
  async currentPath(): Promise<string | undefined> {
    if (!this.byFd) return undefined;
    return fsp.readlink(`/proc/self/fd/${this.fh.fd}`);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
