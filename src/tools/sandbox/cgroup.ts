// A pids cgroup around one sandboxed run, used when the runtime is root: the kernel does
// not apply RLIMIT_NPROC to root's processes (and a user namespace maps the sandbox back
// to root), so a fork bomb is bounded here instead. cgroup v2 (a directory with
// pids.max under the unified hierarchy) or v1 (/sys/fs/cgroup/pids). Best effort: when no
// cgroup can be made the run goes on with the other limits, and the result says so.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface PidsCgroup {
  dir: string;
  /** The file a process writes its pid to, to join. */
  procs: string;
  /** Kills every process in the group. */
  killAll(): void;
  remove(): void;
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.existsSync(path.join(dir, 'cgroup.procs'));
  } catch {
    return false;
  }
}

/** The parent directory under which run groups are made, or undefined. */
function pidsRoot(): string | undefined {
  const v1 = '/sys/fs/cgroup/pids';
  if (writable(v1)) return v1;
  for (const v2 of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    try {
      const controllers = fs.readFileSync(path.join(v2, 'cgroup.controllers'), 'utf8');
      if (controllers.split(/\s+/).includes('pids') && writable(v2)) return v2;
    } catch {
      // not a v2 mount here
    }
  }
  return undefined;
}

export function createPidsCgroup(max: number): PidsCgroup | undefined {
  const root = pidsRoot();
  if (!root) return undefined;
  const base = path.join(root, 'agentos');
  const dir = path.join(base, `run-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(base, { recursive: true });
    try {
      // v2 needs the controller enabled for children; v1 has no such file.
      fs.writeFileSync(path.join(base, 'cgroup.subtree_control'), '+pids');
    } catch {
      // v1, or already enabled
    }
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'pids.max'), String(max));
  } catch {
    try {
      fs.rmdirSync(dir);
    } catch {
      // never made
    }
    return undefined;
  }
  const procs = path.join(dir, 'cgroup.procs');
  return {
    dir,
    procs,
    killAll() {
      try {
        fs.writeFileSync(path.join(dir, 'cgroup.kill'), '1'); // v2 since Linux 5.14
        return;
      } catch {
        // v1: signal each member
      }
      for (let round = 0; round < 5; round++) {
        let pids: number[] = [];
        try {
          pids = fs.readFileSync(procs, 'utf8').split('\n').filter(Boolean).map(Number);
        } catch {
          return;
        }
        if (pids.length === 0) return;
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
    },
    remove() {
      for (let i = 0; i < 50; i++) {
        try {
          fs.rmdirSync(dir);
          return;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
          // EBUSY while the last members exit
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
    },
  };
}
