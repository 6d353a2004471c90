// Semaphores for shared resources named in tasks (`locks: [name]`): held across the agents of
// one runtime, one holder each. Each held lock is also a file under DATA/.agentos/locks/, so a
// crash leaves a visible trace; the next start (which holds the data-dir lock) clears them.
import { mkdirSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runtimeDir, type QueueTask } from '../store/index.ts';

const LOCK_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function locksOf(task: QueueTask): string[] {
  const v = task.extra?.locks;
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  return list.filter((x): x is string => typeof x === 'string' && LOCK_NAME_RE.test(x));
}

export class LockTable {
  private readonly dir: string;
  private readonly held = new Map<string, { agent: string; task: string }>();

  constructor(dataDir: string) {
    this.dir = path.join(runtimeDir(dataDir), 'locks');
  }

  /** Clears what a crashed runtime left; returns the names it released. */
  recover(): string[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    rmSync(this.dir, { recursive: true, force: true });
    return names.map((n) => n.replace(/\.json$/, ''));
  }

  holderOf(name: string): { agent: string; task: string } | undefined {
    return this.held.get(name);
  }

  blocked(task: QueueTask): string | undefined {
    for (const name of locksOf(task)) {
      const h = this.held.get(name);
      if (h && h.task !== task.id) return `lock "${name}" is held by ${h.agent} (task ${h.task})`;
    }
    return undefined;
  }

  /** Takes every lock of the task (all free: the caller checked `blocked` in the same tick). */
  acquire(agent: string, task: QueueTask): string[] {
    const names = locksOf(task);
    if (names.length === 0) return [];
    mkdirSync(this.dir, { recursive: true });
    for (const name of names) {
      this.held.set(name, { agent, task: task.id });
      writeFileSync(path.join(this.dir, `${name}.json`), JSON.stringify({ agent, task: task.id, pid: process.pid, at: new Date().toISOString() }));
    }
    return names;
  }

  release(names: string[], task: string): void {
    for (const name of names) {
      if (this.held.get(name)?.task !== task) continue;
      this.held.delete(name);
      try {
        unlinkSync(path.join(this.dir, `${name}.json`));
      } catch {
        // already gone
      }
    }
  }
}
