// After the ref moved: the working tree follows the commit, and each changed path gets the
// index entry (mode, blob, stat data) that makes `git status` clean; plus reading the index.
import fs from 'node:fs';
import path from 'node:path';
import type { DiskScan } from './disk-scan.ts';
import { emptyIndex, parseIndex, ZERO_STAT, type GitIndex, type IndexUpdate } from './index-format.ts';
import { EMPTY_TREE } from './objects.ts';
import { fromBin, toBin } from './paths.ts';
import type { BuiltTree } from './tree-build.ts';
import { removeWorktreeFile, verifiedStat, writeWorktreeFile } from './worktree.ts';

/** .git/index ready for update, or why git must set it (`indexByGit`, an unreadable index, none). */
export function readIndexFor(gitDir: string, indexByGit: string | null, baseTree: string | null): { index: GitIndex } | { reason: string } {
  if (indexByGit) return { reason: indexByGit };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path.join(gitDir, 'index'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return baseTree === null || baseTree === EMPTY_TREE ? { index: emptyIndex() } : { reason: 'no index file' };
  }
  const parsed = parseIndex(buf);
  return parsed.ok ? { index: parsed.index } : { reason: parsed.reason };
}

/**
 * Write ('write') or check ('verify') the committed files in the working tree; returns the index
 * updates (binary-string path → entry, or null for removed). Failures go to `problems`.
 */
export function followCommit(
  root: string,
  mode: 'write' | 'verify',
  built: BuiltTree,
  explicit: Map<string, { content?: Buffer; verify?: boolean }>,
  disk: DiskScan,
  problems: { path: string; error: string }[],
): Map<string, IndexUpdate | null> {
  const updates = new Map<string, IndexUpdate | null>();
  const fromDisk = new Map(disk.files.map((f) => [toBin(f.path), f]));
  const write = mode === 'write';
  const problem = (p: string, e: unknown) => problems.push({ path: fromBin(p), error: (e as Error).message });
  for (const p of built.deleted.keys()) {
    if (built.written.has(p)) continue;
    updates.set(p, null);
    // A file deleted on disk is gone already; removing again also prunes the folders it emptied.
    if (write) {
      try {
        removeWorktreeFile(root, fromBin(p));
      } catch (e) {
        problem(p, e);
      }
    }
  }
  for (const [p, w] of built.written) {
    const fileMode = parseInt(w.mode, 8);
    const d = explicit.has(p) ? undefined : fromDisk.get(p); // a change given explicitly wins over the disk
    let stat = d?.stat ?? ZERO_STAT;
    const given = explicit.get(p);
    const content = given?.content;
    if (!d && content) {
      try {
        stat = write && !given?.verify ? writeWorktreeFile(root, fromBin(p), content, w.mode === '100755') : verifiedStat(root, fromBin(p), content, fileMode);
      } catch (e) {
        problem(p, e);
      }
    }
    updates.set(p, { mode: fileMode, sha: w.sha, stat });
  }
  return updates;
}
