// DATA/shared is one git repository that every agent (and `agentos vote`) writes: writers are
// serialised in-process by a promise chain and across processes by a lock file, so concurrent
// proposals, votes and dead letters each land in their own commit and none is lost.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Git, removeFileDurable, runtimeDir, sharedPaths, writeFileAtomic, type FileChange } from '../store/index.ts';

const LOCK_WAIT_MS = 30_000;

export class SharedRepo {
  readonly root: string;
  readonly git: Git;
  private readonly lockFile: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.root = sharedPaths(dataDir).root;
    this.git = new Git(this.root);
    this.lockFile = path.join(runtimeDir(dataDir), 'shared.lock');
  }

  async read(rel: string): Promise<string | undefined> {
    try {
      return await readFile(path.join(this.root, rel), 'utf8');
    } catch {
      return undefined;
    }
  }

  /**
   * Read-modify-write under the lock: `fn` sees the files as they are now and returns the
   * changes and the commit message (or undefined for nothing to do). Returns the commit sha.
   */
  transact(fn: () => Promise<{ message: string; changes: FileChange[] } | undefined>): Promise<string | undefined> {
    const run = this.tail.then(() => this.locked(fn));
    this.tail = run.catch(() => {});
    return run;
  }

  private async locked(fn: () => Promise<{ message: string; changes: FileChange[] } | undefined>): Promise<string | undefined> {
    const release = await this.acquire();
    try {
      const cs = await fn();
      if (!cs || cs.changes.length === 0) return undefined;
      for (const c of cs.changes) {
        const abs = path.join(this.root, c.path);
        if (!abs.startsWith(this.root + path.sep)) throw new Error(`shared change escapes shared/: ${c.path}`);
        if (c.op === 'write') await writeFileAtomic(abs, c.content);
        else await removeFileDurable(abs);
      }
      await this.git.add(cs.changes.map((c) => c.path));
      return await this.git.commit(cs.message, { allowEmpty: true });
    } finally {
      release();
    }
  }

  /** The cross-process lock: O_EXCL create; a lock whose process is gone is taken over. */
  private async acquire(): Promise<() => void> {
    await mkdir(path.dirname(this.lockFile), { recursive: true });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        writeFileSync(this.lockFile, String(process.pid), { flag: 'wx' });
        return () => {
          try {
            unlinkSync(this.lockFile);
          } catch {
            // gone already
          }
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = Number(safeRead(this.lockFile));
        if (pid && pid !== process.pid && !alive(pid)) {
          try {
            unlinkSync(this.lockFile);
          } catch {
            // another taker was first
          }
          continue;
        }
        if (Date.now() > deadline) throw new Error(`shared/ is locked by pid ${pid} (${this.lockFile}) for over ${LOCK_WAIT_MS / 1000} s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
