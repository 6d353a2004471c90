// Repacking off the hot path: a pure rule for when, and a runner that starts
// `git repack -d --geometric=2` in the background so no commit ever waits for it.
import fs from 'node:fs';
import path from 'node:path';
import type { Git } from '../git.ts';

export interface RepackPolicy {
  /** Repack after this many commits of this writer (default 50). */
  everyCommits: number;
  /** …or as soon as objects/pack holds more packs than this (default 40; git's gc.autoPackLimit is 50). */
  maxPacks: number;
}

export const DEFAULT_REPACK: RepackPolicy = { everyCommits: 50, maxPacks: 40 };

/** Whether to start a repack now. Pure. */
export function shouldRepack(s: { commitsSinceRepack: number; packs: number; running: boolean }, policy: RepackPolicy): boolean {
  if (s.running) return false;
  return s.commitsSinceRepack >= policy.everyCommits || s.packs > policy.maxPacks;
}

export function countPacks(objectsDir: string): number {
  try {
    return fs.readdirSync(path.join(objectsDir, 'pack')).filter((n) => n.endsWith('.pack')).length;
  } catch {
    return 0;
  }
}

/**
 * Counts commits and starts a geometric repack when the policy says so. A commit that races a
 * repack is safe: git rolls up only the packs it listed when it started, and a reader that finds
 * a pack gone re-lists the folder.
 */
export class Housekeeper {
  readonly #git: Git;
  readonly #objectsDir: string;
  readonly #policy: RepackPolicy;
  readonly #onError: (e: unknown) => void;
  readonly #onRepacked: () => void;
  #since = 0;
  #running: Promise<void> | undefined;
  /** Repacks started and finished, for tests and metrics. */
  repacks = 0;

  /** `onRepacked` runs after each repack that succeeded (the writer's reader re-lists packs). */
  constructor(git: Git, objectsDir: string, policy: RepackPolicy, onError: (e: unknown) => void, onRepacked: () => void = () => {}) {
    this.#git = git;
    this.#onRepacked = onRepacked;
    this.#objectsDir = objectsDir;
    this.#policy = policy;
    this.#onError = onError;
  }

  /** Call after each commit; returns at once. */
  afterCommit(): void {
    this.#since++;
    // Listing objects/pack costs a syscall: look only every tenth commit, or when the count is due.
    const packs = this.#since % 10 === 0 || this.#since >= this.#policy.everyCommits ? countPacks(this.#objectsDir) : 0;
    if (shouldRepack({ commitsSinceRepack: this.#since, packs, running: this.#running !== undefined }, this.#policy)) void this.repack();
  }

  /** Start a repack now (or join the one running). */
  repack(): Promise<void> {
    if (this.#running) return this.#running;
    this.#since = 0;
    const run = this.#git
      .run(['repack', '-d', '-q', '--geometric=2'], [0], ['gc.auto=0', 'repack.writeBitmaps=false'])
      .then(() => {
        this.repacks++;
        this.#onRepacked();
      })
      .catch(this.#onError)
      .finally(() => {
        this.#running = undefined;
      });
    this.#running = run;
    return run;
  }

  /** Wait for a running repack (at shutdown). */
  async idle(): Promise<void> {
    await this.#running;
  }
}
