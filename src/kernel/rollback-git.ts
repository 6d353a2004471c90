// What rollback reads from git: commits by task id, trees (paths, modes, blobs, binary-safe),
// the commits after a point that touched given paths, and a three-way merge of one file's text.
// Reading only: nothing here writes the repository (commitChangeSet does, in rollback.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Git } from '../store/index.ts';
import { MARKER_SIZE, resolveAdjacent } from './rollback-merge.ts';
import { doneIdOf } from './task-history.ts';

export interface TreeItem {
  mode: string;
  sha: string;
}

/** The commit that closed task `id` (`<agent>(task): <id>`), or undefined. */
export async function taskCommit(git: Git, agent: string, id: string): Promise<{ sha: string; subject: string } | undefined> {
  const subject = `${agent}(task): ${id}`;
  const out = await git.raw(['log', '--format=%H%x1f%s', '-F', `--grep=${subject}`]);
  for (const line of out.split('\n')) {
    const [sha, s] = line.split('\x1f');
    if (s === subject && doneIdOf(s) === id) return { sha, subject: s };
  }
  return undefined;
}

/** The first commit whose subject is exactly `subject`, newest first, or undefined. */
export async function commitBySubject(git: Git, subject: string): Promise<string | undefined> {
  const out = await git.raw(['log', '--format=%H%x1f%s', '-F', `--grep=${subject}`]);
  return out.split('\n').map((l) => l.split('\x1f')).find(([, s]) => s === subject)?.[0];
}

/** A commit-ish resolved to its sha, when it names a commit of this repository. */
export async function resolveCommit(git: Git, rev: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9._/~^@{}-]{1,200}$/.test(rev) || rev.startsWith('-')) return undefined;
  const r = await git.run(['rev-parse', '-q', '--verify', `${rev}^{commit}`], [0, 1, 128]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export async function isAncestor(git: Git, a: string, b: string): Promise<boolean> {
  return (await git.run(['merge-base', '--is-ancestor', a, b], [0, 1])).code === 0;
}

export async function subjectOf(git: Git, sha: string): Promise<string> {
  return (await git.raw(['log', '-1', '--format=%s', sha])).trim();
}

/** Paths that differ between two commits (no rename detection: a rename is a delete and an add). */
export async function changedPaths(git: Git, from: string, to: string): Promise<string[]> {
  const out = await git.raw(['diff', '--no-renames', '--name-only', '-z', from, to]);
  return out.split('\0').filter(Boolean);
}

/** Every file of the tree at `rev` (below `paths` when given): path → mode and blob. */
export async function treeItems(git: Git, rev: string, paths: string[] = []): Promise<Map<string, TreeItem>> {
  const out = new Map<string, TreeItem>();
  // Batches keep the argument list bounded.
  for (let i = 0; i === 0 || i < paths.length; i += 500) {
    const batch = paths.slice(i, i + 500);
    if (paths.length && !batch.length) break;
    const text = await git.raw(['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', rev, ...(batch.length ? ['--', ...batch] : [])]);
    for (const rec of text.split('\0')) {
      const m = /^(\d{6}) (\w+) ([0-9a-f]+)\t(.+)$/s.exec(rec);
      if (m && m[2] !== 'tree') out.set(m[4], { mode: m[1], sha: m[3] });
    }
  }
  return out;
}

/** Blob contents by sha, binary-safe (one `git cat-file --batch`). */
export async function readBlobs(git: Git, shas: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const wanted = [...new Set(shas)];
  if (!wanted.length) return out;
  const child = git.spawn(['cat-file', '--batch']);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file --batch exited ${code}`))));
  });
  child.stdin.end(wanted.map((s) => `${s}\n`).join(''));
  await done;
  const all = Buffer.concat(chunks);
  let at = 0;
  for (const sha of wanted) {
    const nl = all.indexOf(0x0a, at);
    const header = all.subarray(at, nl).toString('utf8');
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (!m) throw new Error(`git cat-file: unexpected answer for ${sha}: ${header.slice(0, 100)}`);
    const size = Number(m[2]);
    out.set(sha, all.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}

/** Text that git's merge can take: valid UTF-8 without NUL bytes. */
export function isText(b: Buffer): boolean {
  return !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/** Commits after `since` (excluded) up to HEAD that touched each of `paths`: path → labels of those commits, oldest first. */
export async function laterTouches(git: Git, since: string, paths: string[], label: (subject: string) => string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!paths.length) return out;
  const text = await git.raw(['--literal-pathspecs', 'log', '--reverse', '--no-renames', '--format=%x1e%s', '--name-only', '-z', `${since}..HEAD`, '--', ...paths]);
  for (const rec of text.split('\x1e').filter(Boolean)) {
    const [head, ...rest] = rec.split('\n');
    const files = rest.join('\n').split('\0').map((f) => f.replace(/^\n/, '')).filter(Boolean);
    for (const f of files) {
      const list = out.get(f) ?? [];
      const l = label(head.replace(/\0.*$/s, ''));
      if (!list.includes(l)) list.push(l);
      out.set(f, list);
    }
  }
  return out;
}

/**
 * Three-way merge of one file's text (git merge-file): `ours` (now) and `theirs` (the target),
 * both changed from `base`. Returns the merged text, or undefined on a real conflict.
 */
export async function mergeText(git: Git, ours: string, base: string, theirs: string): Promise<string | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agentos-merge-'));
  try {
    const [o, b, t] = ['ours', 'base', 'theirs'].map((n) => path.join(dir, n));
    await Promise.all([writeFile(o, ours), writeFile(b, base), writeFile(t, theirs)]);
    const r = await git.run(['merge-file', '-p', '-q', '--diff3', `--marker-size=${MARKER_SIZE}`, '-L', 'now', '-L', 'task', '-L', 'before', o, b, t], Array.from({ length: 128 }, (_, i) => i));
    if (r.code === 0) return r.stdout;
    // Lines later tasks added next to the task's own are not a conflict for a revert (rollback-merge.ts).
    return r.code > 0 && r.code < 128 ? resolveAdjacent(r.stdout) : undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
