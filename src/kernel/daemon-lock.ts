// One runtime per data directory: two would race on the same queues and repositories.
import { AgentOsError } from '../errors.ts';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runtimeDir } from '../store/index.ts';

export class DataDirBusyError extends AgentOsError<'DATA_DIR_BUSY'> {
  readonly pid: number;
  /** `advice` replaces the default "stop it first" (e.g. a command that can go through the daemon's API). */
  constructor(dataDir: string, pid: number, advice = 'stop it first') {
    super('DATA_DIR_BUSY', `another agentos runtime (pid ${pid}) is running on ${dataDir}; ${advice}`);
    this.pid = pid;
  }
}

export function acquireDaemonLock(dataDir: string): () => void {
  const file = path.join(runtimeDir(dataDir), 'daemon.lock');
  mkdirSync(path.dirname(file), { recursive: true });
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, started: new Date().toISOString() }), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = readPid(file);
      if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirBusyError(dataDir, pid);
      unlinkSync(file); // left by a crashed runtime
    }
  }
  throw new Error(`cannot take ${file}`);
}

function readPid(file: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
