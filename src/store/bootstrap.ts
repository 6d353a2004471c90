// Idempotent creation of a git-backed file tree: never overwrites, commits only what it created.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pathExists, writeFileAtomic } from './atomic.ts';
import { BootstrapPathError } from './errors.ts';
import { Git } from './git.ts';

export interface BootstrapOptions {
  message: string;
  gitignore: string;
}

export interface BootstrapResult {
  /** Keys of `files` (and '.gitignore') that this call created. */
  created: string[];
  committed: boolean;
}

/** A repository-relative path in POSIX form, or a BootstrapPathError. */
function checkRel(dir: string, rel: string): string {
  const p = rel.replace(/\/+$/, '');
  const norm = path.posix.normalize(p);
  if (!p || path.isAbsolute(p) || path.posix.isAbsolute(p) || norm === '..' || norm.startsWith('../') || norm === '.' || norm.split('/').includes('.git')) {
    throw new BootstrapPathError(dir, rel);
  }
  return norm;
}

/**
 * Create `dir` with each of `files` that is missing (a key ending in `/` is a directory, kept
 * in git by a `.gitkeep`), a .gitignore if missing, and a git repository if there is none;
 * commit with `message` only what this call created. A repository left without a first
 * commit (a crash during an earlier bootstrap) gets every bootstrap path committed now.
 */
export async function bootstrapRepo(dir: string, files: Record<string, string>, opts: BootstrapOptions): Promise<BootstrapResult> {
  const root = path.resolve(dir);
  const entries = Object.entries(files).map(([rel, content]) => ({ rel, norm: checkRel(root, rel), content }));
  await fsp.mkdir(root, { recursive: true });
  const git = new Git(root);
  const isRepo = await git.isRepo();
  if (isRepo) await git.recoverStaleLock();

  const created: string[] = [];
  const createdPaths: string[] = [];
  const ownedPaths: string[] = [];
  for (const { rel, norm, content } of entries) {
    if (rel.endsWith('/')) {
      const abs = path.join(root, norm);
      const keep = `${norm}/.gitkeep`;
      if (!(await pathExists(abs))) {
        await writeFileAtomic(path.join(abs, '.gitkeep'), '', { exclusive: true });
        created.push(rel);
        createdPaths.push(keep);
      }
      if (await pathExists(path.join(root, keep))) ownedPaths.push(keep);
      continue;
    }
    if (await writeFileAtomic(path.join(root, norm), content, { exclusive: true })) {
      created.push(rel);
      createdPaths.push(norm);
    }
    ownedPaths.push(norm);
  }
  if (await writeFileAtomic(path.join(root, '.gitignore'), opts.gitignore, { exclusive: true })) {
    created.push('.gitignore');
    createdPaths.push('.gitignore');
  }
  ownedPaths.push('.gitignore');

  if (!isRepo) await git.init();
  const paths = (await git.hasHead()) ? createdPaths : ownedPaths;
  const committed = await commitPaths(git, paths, opts.message);
  return { created, committed };
}

/** Add and commit exactly these paths, leaving out git-ignored ones; false when nothing changed. */
async function commitPaths(git: Git, paths: string[], message: string): Promise<boolean> {
  if (!paths.length) return false;
  const ignored = new Set((await git.run(['check-ignore', '--', ...paths], [0, 1])).stdout.split('\n').filter(Boolean));
  const keep = paths.filter((p) => !ignored.has(p));
  if (!keep.length) return false;
  await git.add(keep);
  const changed = (await git.run(['diff', '--cached', '--quiet', '--', ...keep], [0, 1])).code === 1;
  if (!changed) return false;
  await git.commit(message, { paths: keep });
  return true;
}
