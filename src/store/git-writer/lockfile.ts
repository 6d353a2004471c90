// git's lock protocol: create `<file>.lock` exclusively, write it, then rename it over `<file>`
// (or remove it to give up). Waits a bounded time for a lock someone else holds.
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { GitLockedError } from './errors.ts';
import type { FsLayer } from './fs-layer.ts';

export interface LockWait {
  /** How long to wait for a held lock before failing with E_GIT_LOCKED (ms). */
  timeoutMs: number;
}

export class LockFile {
  readonly target: string;
  readonly lockPath: string;
  readonly #fs: FsLayer;
  #fd: number | undefined;
  #done = false;

  private constructor(fsl: FsLayer, target: string, fd: number) {
    this.#fs = fsl;
    this.target = target;
    this.lockPath = `${target}.lock`;
    this.#fd = fd;
  }

  /** Take the lock on `target`, retrying with backoff up to `wait.timeoutMs`. */
  static async acquire(fsl: FsLayer, target: string, wait: LockWait): Promise<LockFile> {
    const lockPath = `${target}.lock`;
    const start = Date.now();
    let delay = 1;
    let madeDir = false;
    for (;;) {
      try {
        return new LockFile(fsl, target, fsl.createExclusive(lockPath, 0o666));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && !madeDir) {
          fsl.mkdirp(path.dirname(lockPath)); // a new branch folder (refs/heads/feature/…)
          madeDir = true;
          continue;
        }
        if (code !== 'EEXIST') throw e;
      }
      const waited = Date.now() - start;
      if (waited >= wait.timeoutMs) throw new GitLockedError(lockPath, waited);
      // Backoff like git's own lock_file_timeout: grow, jitter, never past the deadline.
      await sleep(Math.min(delay * (0.75 + Math.random() / 2), wait.timeoutMs - waited));
      delay = Math.min(delay * 2, 100);
    }
  }

  write(data: Buffer): void {
    this.#fs.write(this.#fd!, this.lockPath, data);
  }

  fsync(): Promise<void> {
    return this.#fs.fsync(this.#fd!, this.lockPath);
  }

  /** Rename the lock over its target: the new content becomes visible atomically. */
  commit(): void {
    this.#closeFd();
    this.#fs.rename(this.lockPath, this.target);
    this.#done = true;
  }

  /** Give up: remove the lock, leaving the target as it was. Safe to call after commit. */
  rollback(): void {
    if (this.#done) return;
    this.#done = true;
    this.#closeFd();
    try {
      this.#fs.unlink(this.lockPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  get held(): boolean {
    return !this.#done;
  }

  #closeFd(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    this.#fs.close(fd, this.lockPath);
  }
}
