// Forked workspaces for speculative attempts: a copy of workspace/ under
// DATA/.agentos/forks/<agent>/<task>.<n>/ (the same file system, so a copy-on-write file system
// shares blocks), where one attempt's tools and checks run. The best passing fork is merged back
// into the real workspace (fork-tree.ts syncTree); the rest are dropped. Forks are runtime state:
// whatever a crash leaves is removed when the agent starts. `cp -a --reflink=auto` makes the copy
// (bench/fork.ts measured it against Node's fs.cp and a sparse git worktree); Node's fs.cp is the
// fallback where GNU cp is missing.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { runtimeDir } from '../store/index.ts';
import { ForkError, listTree, syncTree, type SyncResult, type TreeBounds } from './fork-tree.ts';

export { ForkError, type TreeBounds } from './fork-tree.ts';

export interface Fork {
  /** `<task>.<n>`: names the fork in commit lines and events. */
  id: string;
  /** The fork's workspace directory (what the attempt's tools see as their root). */
  root: string;
}

export function forksDir(dataDir: string, agent: string): string {
  return path.join(runtimeDir(dataDir), 'forks', agent);
}

/** A task id made safe as one path segment. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128);

/**
 * Copies `from` (the real workspace, or another fork) into a new fork `n` of `task`. Throws
 * ForkError when `from` is over the bounds (nothing is left behind).
 */
export async function createFork(dataDir: string, agent: string, task: string, n: number, from: string, bounds: TreeBounds): Promise<Fork> {
  await fsp.mkdir(from, { recursive: true });
  await listTree(from, bounds); // refuses an oversized workspace before copying anything
  const id = `${safe(task)}.${n}`;
  const root = path.join(forksDir(dataDir, agent), id);
  await fsp.rm(root, { recursive: true, force: true });
  await fsp.mkdir(path.dirname(root), { recursive: true });
  try {
    await copyTree(from, root);
  } catch (e) {
    await fsp.rm(root, { recursive: true, force: true });
    throw new ForkError('FORK_FAILED', `could not copy the workspace into a fork: ${(e as Error).message.replaceAll(from, 'workspace').replaceAll(root, 'the fork')}`);
  }
  return { id, root };
}

/** Why `workspace` cannot be forked within `bounds` (too many entries, too many bytes), or undefined. */
export async function unforkable(workspace: string, bounds: TreeBounds): Promise<string | undefined> {
  try {
    await listTree(workspace, bounds);
    return undefined;
  } catch (e) {
    if (e instanceof ForkError) return e.message;
    throw e;
  }
}

/** Makes the real workspace equal to the fork (the fork stays until dropped). */
export async function mergeFork(fork: Fork, workspace: string, bounds: TreeBounds): Promise<SyncResult> {
  await fsp.mkdir(workspace, { recursive: true });
  return syncTree(fork.root, workspace, bounds);
}

export async function dropFork(fork: Fork): Promise<void> {
  await fsp.rm(fork.root, { recursive: true, force: true });
}

/** Removes the agent's forks but those named in `keep` (at start: a crash mid-speculation leaves them). Returns how many. */
export async function cleanForks(dataDir: string, agent: string, keep: ReadonlySet<string> = new Set()): Promise<number> {
  const dir = forksDir(dataDir, agent);
  let names: string[] = [];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const n of names) {
    if (keep.has(n)) continue;
    await fsp.rm(path.join(dir, n), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

let gnuCp: boolean | undefined;

async function copyTree(from: string, to: string): Promise<void> {
  if (gnuCp !== false) {
    try {
      await run('cp', ['-a', '--reflink=auto', '--', from, to]);
      gnuCp = true;
      return;
    } catch (e) {
      if (gnuCp === true) throw e;
      gnuCp = false; // no GNU cp here (macOS, busybox): Node's copy from now on
      await fsp.rm(to, { recursive: true, force: true });
    }
  }
  await fsp.cp(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, mode: constants.COPYFILE_FICLONE });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 10 * 60_000, maxBuffer: 1024 * 1024 }, (err, _out, stderr) => (err ? reject(new Error(`${cmd}: ${stderr.trim() || err.message}`)) : resolve()));
  });
}
