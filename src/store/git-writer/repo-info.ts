// Where a repository keeps things (git dir, common dir for worktrees, objects) and whether the
// writer may write to it: SHA-1 objects, the files ref backend, a format version git 2.39 knows.
import fs from 'node:fs';
import path from 'node:path';
import { Git } from '../git.ts';
import { GitWriterError } from './errors.ts';

export interface RepoInfo {
  /** The working tree root (the directory given). */
  root: string;
  gitDir: string;
  /** Where refs, packed-refs and objects live (the git dir, or the main one for a linked worktree). */
  commonDir: string;
  objectsDir: string;
  bare: boolean;
  /** core.logAllRefUpdates: write reflogs for branches (git's default for a non-bare repository). */
  logRefs: boolean;
  /** core.sparseCheckout or a split index: the index is left to git itself. */
  indexByGit: string | null;
  /** extensions.preciousObjects: never repack with -d. */
  preciousObjects: boolean;
}

/** Extensions of repositoryformatversion 1 the writer is safe with. */
const KNOWN_EXTENSIONS = new Set(['objectformat', 'worktreeconfig', 'preciousobjects', 'partialclone', 'noop']);

function gitDirOf(root: string): string {
  const dotgit = path.join(root, '.git');
  const st = fs.statSync(dotgit, { throwIfNoEntry: false });
  // A bare repository is its own git dir.
  if (!st && ['HEAD', 'objects', 'refs'].every((n) => fs.existsSync(path.join(root, n)))) return root;
  if (!st) throw new GitWriterError('E_GIT_UNSUPPORTED', root, `${root} is not a git repository (no .git); run \`git init\` there first`);
  if (st.isDirectory()) return dotgit;
  const m = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotgit, 'utf8'));
  if (!m) throw new GitWriterError('E_GIT_UNSUPPORTED', root, `${dotgit} is neither a folder nor a "gitdir:" file`);
  return path.resolve(root, m[1].trim());
}

export async function readRepoInfo(root: string, git: Git): Promise<RepoInfo> {
  const gitDir = gitDirOf(path.resolve(root));
  let commonDir = gitDir;
  const common = fs.existsSync(path.join(gitDir, 'commondir')) ? fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim() : '';
  if (common) commonDir = path.resolve(gitDir, common);
  const { stdout } = await git.run(['config', '-z', '--list'], [0, 1]);
  const cfg = new Map<string, string>();
  for (const item of stdout.split('\0')) {
    if (!item) continue;
    const nl = item.indexOf('\n');
    cfg.set((nl < 0 ? item : item.slice(0, nl)).toLowerCase(), nl < 0 ? 'true' : item.slice(nl + 1));
  }
  const unsupported = (why: string) => new GitWriterError('E_GIT_UNSUPPORTED', root, `${root}: ${why}; commit there with the git CLI (Git.commit) instead`);
  const format = (cfg.get('extensions.objectformat') ?? 'sha1').toLowerCase();
  if (format !== 'sha1') throw unsupported(`the repository uses ${format} object names and the in-process writer writes SHA-1 only`);
  const refStorage = (cfg.get('extensions.refstorage') ?? 'files').toLowerCase();
  if (refStorage !== 'files') throw unsupported(`refs are stored as ${refStorage}, not as files`);
  const version = Number(cfg.get('core.repositoryformatversion') ?? '0');
  if (version > 1) throw unsupported(`repository format version ${version} is newer than this writer knows (0 and 1)`);
  if (version === 1) {
    for (const k of cfg.keys()) {
      if (k.startsWith('extensions.') && !KNOWN_EXTENSIONS.has(k.slice(11))) throw unsupported(`unknown repository extension ${k}`);
    }
  }
  const bool = (k: string, dflt: boolean) => {
    const v = cfg.get(k)?.toLowerCase();
    return v === undefined ? dflt : ['true', 'yes', 'on', '1', 'always'].includes(v);
  };
  const bare = bool('core.bare', false);
  let indexByGit: string | null = null;
  if (bool('core.sparsecheckout', false)) indexByGit = 'sparse checkout is on';
  else if (bool('core.splitindex', false)) indexByGit = 'the index is split (core.splitIndex)';
  else if (bool('index.sparse', false)) indexByGit = 'the index is sparse (index.sparse)';
  return {
    root: path.resolve(root),
    gitDir,
    commonDir,
    objectsDir: path.join(commonDir, 'objects'),
    bare,
    logRefs: bool('core.logallrefupdates', !bare),
    indexByGit,
    preciousObjects: bool('extensions.preciousobjects', false),
  };
}
