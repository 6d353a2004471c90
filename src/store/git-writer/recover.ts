// Startup repair after a crash (kill -9 or power loss) of a writer: stale lock files, temp and
// orphan pack files, an unreadable index, and the working tree and index of an interrupted
// commit (the ref moved, the files had not followed yet). Never touches what a person changed.
import fs from 'node:fs';
import path from 'node:path';
import { cleanTempFiles } from '../atomic.ts';
import { Git } from '../git.ts';
import { parseIndex, type IndexEntry } from './index-format.ts';
import { hashObject } from './objects.ts';
import { ObjectReader } from './object-reader.ts';
import { toBin } from './paths.ts';
import { headBranch, readRef } from './refs.ts';
import { readRepoInfo } from './repo-info.ts';
import { modeOf, removeWorktreeFile } from './worktree.ts';

export interface RecoverOptions {
  /**
   * Remove lock and temp files at least this old (ms). Default 0: every one, which is right only
   * when no git process runs on the repository (at the daemon's start, under its own lock).
   */
  staleAfterMs?: number;
  /**
   * Remove temp object files and packs without an .idx at least this old (ms; default one hour,
   * never less than staleAfterMs). Git ignores them, so keeping a young one costs only space.
   */
  orphanAfterMs?: number;
  /**
   * Paths whose working-tree file the caller repairs itself (queue.md, which may hold appends
   * the commit never saw): only their index entry is brought to HEAD, the file is never written.
   */
  callerOwns?: string[];
}

export interface RecoverReport {
  head: string | null;
  removed: string[];
  /** The index was unreadable and was rebuilt from HEAD (`git reset`). */
  indexRebuilt: boolean;
  /** Paths of the last commit whose working-tree file and index entry were brought to HEAD. */
  repaired: string[];
  /** Paths of the last commit left alone because someone changed them since (file or index entry). */
  leftAlone: string[];
  /** Paths of `callerOwns` whose index entry was brought to HEAD (their files left to the caller). */
  indexOnly: string[];
}

function oldEnough(file: string, ms: number, now: number): boolean {
  try {
    return now - fs.lstatSync(file).mtimeMs >= ms;
  } catch {
    return false;
  }
}

function listLocks(dir: string, out: string[], depth = 0): void {
  if (depth > 16) return;
  let ents: fs.Dirent[];
  try {
    ents = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of ents) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listLocks(p, out, depth + 1);
    else if (e.name.endsWith('.lock')) out.push(p);
  }
}

export async function recoverRepo(dir: string, opts: RecoverOptions = {}): Promise<RecoverReport> {
  const git = new Git(dir);
  const repo = await readRepoInfo(dir, git);
  const stale = opts.staleAfterMs ?? 0;
  const now = Date.now();
  const report: RecoverReport = { head: null, removed: [], indexRebuilt: false, repaired: [], leftAlone: [], indexOnly: [] };
  const remove = (f: string) => {
    if (!oldEnough(f, stale, now)) return;
    fs.rmSync(f, { force: true });
    report.removed.push(f);
  };

  // A commit that died holding index.lock may have left its files half written: its paths are
  // rewritten from HEAD below whatever they hold (without one, only files still as they were).
  const interrupted = !repo.bare && oldEnough(path.join(repo.gitDir, 'index.lock'), stale, now);
  const locks = ['index.lock', 'HEAD.lock', 'packed-refs.lock'].map((n) => path.join(repo.gitDir, n));
  locks.push(path.join(repo.commonDir, 'packed-refs.lock'));
  listLocks(path.join(repo.commonDir, 'refs'), locks);
  for (const f of new Set(locks)) if (fs.existsSync(f)) remove(f);

  const packDir = path.join(repo.objectsDir, 'pack');
  const packFiles = fs.existsSync(packDir) ? fs.readdirSync(packDir) : [];
  // Object files are harmless to keep and a repack of the crashed process may still be running
  // (it outlives its parent): remove only what is old enough that no live writer can own it.
  const orphanAge = Math.max(stale, opts.orphanAfterMs ?? 3_600_000);
  for (const n of packFiles) {
    const f = path.join(packDir, n);
    if (n.startsWith('tmp_') && oldEnough(f, orphanAge, now)) remove(f);
    // An .idx whose pack never arrived (a crash between the writer's two renames): git ignores
    // it. A .pack without .idx is git's own half-finished repack: fsck fails on it until removed.
    else if (n.endsWith('.idx') && !packFiles.includes(n.slice(0, -4) + '.pack') && oldEnough(f, orphanAge, now)) remove(f);
    else if (n.endsWith('.pack') && !packFiles.includes(n.slice(0, -5) + '.idx') && oldEnough(f, orphanAge, now)) remove(f);
  }
  for (const d of fs.existsSync(repo.objectsDir) ? fs.readdirSync(repo.objectsDir) : []) {
    if (!/^[0-9a-f]{2}$/.test(d)) continue;
    for (const n of fs.readdirSync(path.join(repo.objectsDir, d))) {
      const f = path.join(repo.objectsDir, d, n);
      if (n.startsWith('tmp_obj_') && oldEnough(f, orphanAge, now)) remove(f);
    }
  }

  const branch = headBranch(repo.gitDir);
  const head = readRef(repo.commonDir, branch);
  report.head = head;
  if (!head || repo.bare) return report;
  const reader = new ObjectReader(repo.objectsDir);
  await reader.tree(await reader.commitTree(head)); // HEAD names a complete commit, or this throws

  const indexFile = path.join(repo.gitDir, 'index');
  let entries: Map<string, IndexEntry> | null = null;
  if (fs.existsSync(indexFile)) {
    const parsed = parseIndex(fs.readFileSync(indexFile));
    if (parsed.ok) entries = new Map(parsed.index.entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
    else if (!/version|extension/.test(parsed.reason)) {
      fs.rmSync(indexFile);
      await git.run(['reset', '-q']);
      report.indexRebuilt = true;
      return report;
    }
  }
  if (!entries) return report; // an index git keeps (v4, split): git status shows any difference

  // The last commit's paths whose index entry is still the parent's: the commit was interrupted
  // after its ref moved. Bring file and entry to HEAD when the file is the parent's or HEAD's.
  const diff = await git.run(['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', '--root', head]);
  const parts = diff.stdout.split('\0');
  const toReset: string[] = [];
  const owned = new Set(opts.callerOwns ?? []);
  const dirs = new Set<string>();
  for (let i = 1; i < parts.length; i += 2) if (parts[i]) dirs.add(path.dirname(path.join(repo.root, parts[i])));
  // Temp files of working-tree writes the crash cut short (their writer is dead: pid check).
  for (const d of dirs) report.removed.push(...(await cleanTempFiles(d)));
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:(\d+) (\d+) ([0-9a-f]{40}) ([0-9a-f]{40}) \w+$/.exec(parts[i]);
    if (!m) continue;
    const rel = parts[i + 1];
    const [, , newMode, oldSha, newSha] = m;
    const zero = /^0+$/;
    const before = zero.test(oldSha) ? null : oldSha;
    const after = zero.test(newSha) ? null : newSha;
    const entry = entries.get(toBin(rel)) ?? null;
    if ((entry?.sha ?? null) === after) continue; // the index already follows HEAD
    if (owned.has(rel)) {
      toReset.push(rel);
      report.indexOnly.push(rel);
      continue;
    }
    if ((entry?.sha ?? null) !== before) {
      report.leftAlone.push(rel);
      continue;
    }
    const onDisk = diskBlob(repo.root, rel);
    if (!interrupted && onDisk !== after && onDisk !== before) {
      report.leftAlone.push(rel);
      continue;
    }
    if (onDisk !== after) {
      if (after) writeBlob(repo.root, rel, (await reader.read(after)).body, newMode);
      else removeWorktreeFile(repo.root, rel);
    }
    toReset.push(rel);
  }
  if (toReset.length) {
    await git.run(['reset', '-q', '--pathspec-from-file=-', '--pathspec-file-nul', '--'], [0], [], toReset.map((p) => `:(literal)${p}`).join('\0'));
    report.repaired.push(...toReset.filter((p) => !owned.has(p)));
  }
  return report;
}

/** The blob id of the file at `rel` (null when absent or not a file). */
function diskBlob(root: string, rel: string): string | null {
  const file = path.join(root, rel);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return null;
  }
  if (st.isSymbolicLink()) return hashObject('blob', fs.readlinkSync(file, { encoding: 'buffer' }));
  if (!modeOf(st)) return null;
  return hashObject('blob', fs.readFileSync(file));
}

function writeBlob(root: string, rel: string, body: Buffer, mode: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  if (mode === '120000') fs.symlinkSync(body, file);
  else fs.writeFileSync(file, body, { mode: mode === '100755' ? 0o755 : 0o644 });
}

