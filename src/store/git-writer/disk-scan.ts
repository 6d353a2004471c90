// Paths taken from the working tree as they are on disk (workspace files written by tools):
// find what changed against the parent tree and the index's stat data, read only those files,
// honour .gitignore for files git does not track yet, and cap sizes and counts.
import fs from 'node:fs';
import path from 'node:path';
import type { Git } from '../git.ts';
import type { IndexEntry, IndexStat } from './index-format.ts';
import { isTreeMode, type TreeEntry } from './objects.ts';
import { fromBin, pathProblem, toBin } from './paths.ts';
import { indexStat, modeOf, statMatches } from './worktree.ts';

export interface DiskLimits {
  /** Files larger than this are not committed (reported in `skipped`). */
  maxFileBytes: number;
  /** Most files looked at per commit across all disk paths (the rest are reported). */
  maxFiles: number;
}

export interface DiskFile {
  path: string;
  content: Buffer;
  mode: string;
  stat: IndexStat;
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface DiskScan {
  files: DiskFile[];
  deletes: string[];
  skipped: Skipped[];
}

export interface DiskContext {
  root: string;
  git: Git;
  /** The parent commit's tree (null for the first commit). */
  baseTree: string | null;
  tree(sha: string): Promise<TreeEntry[]>;
  /** Stage-0 index entries by binary-string path (empty without an index). */
  index: Map<string, IndexEntry>;
}

const GITMODE: Record<number, string> = { 0o100644: '100644', 0o100755: '100755', 0o120000: '120000' };

async function entryAt(ctx: DiskContext, rel: string): Promise<TreeEntry | null> {
  if (!ctx.baseTree) return null;
  let sha = ctx.baseTree;
  const parts = toBin(rel).split('/');
  for (let i = 0; i < parts.length; i++) {
    const e = (await ctx.tree(sha)).find((x) => x.name === parts[i]);
    if (!e) return null;
    if (i === parts.length - 1) return e;
    if (!isTreeMode(e.mode)) return null;
    sha = e.sha;
  }
  return null;
}

/** Files (path → entry) under a tracked folder, recursively, as text paths. */
async function trackedUnder(ctx: DiskContext, treeSha: string, prefix: string, out: Map<string, TreeEntry>): Promise<void> {
  for (const e of await ctx.tree(treeSha)) {
    const p = prefix + fromBin(e.name);
    if (isTreeMode(e.mode)) await trackedUnder(ctx, e.sha, p + '/', out);
    else out.set(p, e);
  }
}

function lstatOrNull(file: string): fs.BigIntStats | null {
  try {
    return fs.lstatSync(file, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

export async function scanDisk(ctx: DiskContext, paths: string[], limits: DiskLimits): Promise<DiskScan> {
  const out: DiskScan = { files: [], deletes: [], skipped: [] };
  let looked = 0;
  const untracked: string[] = [];

  const take = (rel: string, st: fs.BigIntStats, tracked: TreeEntry | undefined) => {
    if (++looked > limits.maxFiles) return void out.skipped.push({ path: rel, reason: `over the limit of ${limits.maxFiles} files per commit` });
    const mode = modeOf(st);
    const problem = pathProblem(rel);
    if (problem) return void out.skipped.push({ path: rel, reason: problem });
    if (!mode) return void out.skipped.push({ path: rel, reason: 'not a regular file or a symbolic link' });
    const idx = ctx.index.get(toBin(rel));
    if (tracked && idx && idx.sha === tracked.sha && idx.mode === mode && GITMODE[mode] === tracked.mode && statMatches(idx.raw, st, mode)) return;
    if (st.size > BigInt(limits.maxFileBytes)) return void out.skipped.push({ path: rel, reason: `larger than the cap of ${limits.maxFileBytes} bytes` });
    const abs = path.join(ctx.root, rel);
    if (mode === 0o120000) return void out.files.push({ path: rel, content: fs.readlinkSync(abs, { encoding: 'buffer' }), mode: '120000', stat: indexStat(st) });
    const fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const fst = fs.fstatSync(fd, { bigint: true });
      if (fst.size > BigInt(limits.maxFileBytes)) return void out.skipped.push({ path: rel, reason: `larger than the cap of ${limits.maxFileBytes} bytes` });
      out.files.push({ path: rel, content: fs.readFileSync(fd), mode: GITMODE[modeOf(fst)], stat: indexStat(fst) });
    } finally {
      fs.closeSync(fd);
    }
  };

  // A folder holding a repository is another repository: never commit its files (git would not either).
  const nestedRepo = new Map<string, boolean>();
  const inNestedRepo = (rel: string): string | null => {
    for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) {
      let hit = nestedRepo.get(d);
      if (hit === undefined) nestedRepo.set(d, (hit = holdsRepository(path.join(ctx.root, d))));
      if (hit) return d;
    }
    return null;
  };

  const walk = (dir: string, tracked: Map<string, TreeEntry>, trackedDirs: Set<string>) => {
    if (holdsRepository(path.join(ctx.root, dir))) return void out.skipped.push({ path: dir, reason: 'a nested git repository' });
    for (const d of fs.readdirSync(path.join(ctx.root, dir), { withFileTypes: true })) {
      if (d.name === '.git') continue;
      const rel = `${dir}/${d.name}`;
      if (!tracked.has(rel) && !trackedDirs.has(rel)) {
        untracked.push(rel);
        continue;
      }
      const st = lstatOrNull(path.join(ctx.root, rel));
      if (!st) continue;
      if (st.isDirectory()) {
        if (tracked.has(rel)) out.deletes.push(rel); // a file became a folder
        walk(rel, tracked, trackedDirs);
      }
      else take(rel, st, tracked.get(rel));
    }
  };

  for (const rel of paths) {
    const problem = pathProblem(rel);
    if (problem) {
      out.skipped.push({ path: rel, reason: problem });
      continue;
    }
    const beyond = symlinkParent(ctx.root, rel);
    if (beyond) {
      out.skipped.push({ path: rel, reason: `beyond the symbolic link ${beyond}` });
      continue;
    }
    const entry = await entryAt(ctx, rel);
    const st = lstatOrNull(path.join(ctx.root, rel));
    if (!st) {
      if (entry) out.deletes.push(rel);
      continue;
    }
    if (!st.isDirectory()) {
      if (entry && isTreeMode(entry.mode)) out.deletes.push(rel); // a folder became a file
      if (entry && !isTreeMode(entry.mode)) take(rel, st, entry);
      else untracked.push(rel);
      continue;
    }
    if (holdsRepository(path.join(ctx.root, rel))) {
      out.skipped.push({ path: rel, reason: 'a nested git repository' });
      continue;
    }
    if (!entry || !isTreeMode(entry.mode)) {
      if (entry) out.deletes.push(rel); // a file became a folder
      untracked.push(rel);
      continue;
    }
    const tracked = new Map<string, TreeEntry>();
    await trackedUnder(ctx, entry.sha, rel + '/', tracked);
    const trackedDirs = new Set<string>();
    for (const p of tracked.keys()) for (let i = p.indexOf('/', rel.length + 1); i >= 0; i = p.indexOf('/', i + 1)) trackedDirs.add(p.slice(0, i));
    walk(rel, tracked, trackedDirs);
    for (const p of tracked.keys()) if (!lstatOrNull(path.join(ctx.root, p)) && !symlinkParent(ctx.root, p)) out.deletes.push(p);
  }

  if (untracked.length) {
    // git walks what it does not track yet, with every ignore rule (.gitignore, info/exclude, core.excludesFile).
    const listed = await ctx.git.run(['ls-files', '-z', '--others', '--exclude-standard', '--', ...untracked.map((p) => `:(literal)${p}`)]);
    for (const rel of listed.stdout.split('\0')) {
      if (!rel) continue;
      if (rel.endsWith('/')) {
        out.skipped.push({ path: rel.slice(0, -1), reason: 'a nested git repository' });
        continue;
      }
      const nested = inNestedRepo(rel);
      if (nested) {
        if (!out.skipped.some((x) => x.path === nested)) out.skipped.push({ path: nested, reason: 'a nested git repository' });
        continue;
      }
      const st = lstatOrNull(path.join(ctx.root, rel));
      if (st) take(rel, st, undefined);
    }
  }
  return out;
}

/** The first parent folder of `rel` that is a symbolic link, or null. */
function symlinkParent(root: string, rel: string): string | null {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const p = parts.slice(0, i).join('/');
    const st = lstatOrNull(path.join(root, p));
    if (!st) return null;
    if (st.isSymbolicLink()) return p;
  }
  return null;
}

/**
 * Whether `dir` holds another repository: a `.git` file (a gitfile pointing elsewhere; taken as one,
 * to be safe) or a `.git` folder with a HEAD, as git itself requires. An empty `.git` folder (the
 * mount point a sandbox killed mid-run leaves) is not one: git commits the files beside it.
 */
function holdsRepository(dir: string): boolean {
  const dotGit = path.join(dir, '.git');
  const st = lstatOrNull(dotGit);
  if (!st) return false;
  return st.isDirectory() ? fs.existsSync(path.join(dotGit, 'HEAD')) : true;
}
