// The in-process git commit: blobs, trees and the commit written as one fsync'd pack, then the
// branch ref moved under git's lock protocol, then the working tree and .git/index brought in
// line. A person's commits in between are built on, never rewritten.
import fs from 'node:fs';
import path from 'node:path';
import { Git } from '../git.ts';
import { CatFileBatch } from './cat-file.ts';
import { scanDisk, type DiskScan, type Skipped } from './disk-scan.ts';
import { GitWriterError } from './errors.ts';
import { realFs, type FsLayer } from './fs-layer.ts';
import { DEFAULT_REPACK, Housekeeper, type RepackPolicy } from './housekeeping.ts';
import { serializeIndex, updateIndex, type GitIndex, type IndexEntry } from './index-format.ts';
import { followCommit, readIndexFor } from './worktree-follow.ts';
import { LockFile } from './lockfile.ts';
import { stageLoose, stagePack, type ObjectStorage } from './object-write.ts';
import { ObjectReader } from './object-reader.ts';
import { encodeCommit, formatIdent, makeObject, ZERO_SHA, type GitObject, type Ident } from './objects.ts';
import { checkPath, fromBin, toBin } from './paths.ts';
import { headBranch, readRef, reflogLine } from './refs.ts';
import { readRepoInfo, type RepoInfo } from './repo-info.ts';
import { cleanCommitMessage, gitSafeIdentPart, reflogMessage } from './safe-text.ts';
import { buildTree, type BuiltTree, type Leaf } from './tree-build.ts';

export type CommitChange =
  | {
      op: 'write';
      path: string;
      content: string | Buffer;
      executable?: boolean;
      /**
       * 'verify': the caller owns the working-tree file (it may hold more than the commit, e.g.
       * queue.md with an append that landed meanwhile): it is not written; the index records its
       * stat only when its bytes are the commit's, so `git status` shows any difference.
       */
      worktree?: 'verify';
    }
  | { op: 'delete'; path: string };

export interface CommitInput {
  /** The message, or one made from what fromDisk left out (to name it), called once the disk is read. */
  message: string | ((skipped: Skipped[]) => string);
  /** Files to write (content given) or delete (a folder: everything under it). */
  changes?: CommitChange[];
  /** Files or folders committed as they are on disk: new, changed and deleted files, .gitignore and the size cap honoured. */
  fromDisk?: string[];
  author?: Ident;
  /** Default: the author. */
  committer?: Ident;
  /** Commit even when the tree does not change (default false: then nothing is written). */
  allowEmpty?: boolean;
  /**
   * A file taken from disk is left out (listed in `skipped`) when this returns a reason: a
   * caller's own rule (a secret in it, a total size) on top of the size cap and ignore rules.
   */
  fromDiskFilter?: (file: { path: string; content: Buffer }) => string | undefined;
  /**
   * Runs once the commit is durable (its ref moved), or when no commit is made, at that point;
   * before the working tree and the index follow, still holding index.lock, so no other git can
   * take the index in between. For a caller's own working-tree update that must follow the
   * commit (queue.md). A throw does not undo the commit: it is returned as `afterRefError`.
   */
  afterRef?: () => Promise<void> | void;
}

export interface CommitResult {
  /** The new commit, or HEAD unchanged when nothing changed (created: false). */
  sha: string;
  parent: string | null;
  tree: string;
  created: boolean;
  branch: string;
  /** Paths the commit wrote and deleted (as given, and found on disk). */
  written: string[];
  deleted: string[];
  /** fromDisk files not committed, with the reason (size cap, ignored nested repository, limit…). */
  skipped: Skipped[];
  /** How .git/index was brought in line: by this writer, by `git reset` (an index it does not write), or not at all (bare). */
  index: 'written' | 'git' | 'none';
  /** Working-tree files that could not be written or removed (the commit is durable; recoverRepo repairs them). */
  worktreeProblems: { path: string; error: string }[];
  /** What `afterRef` threw, if it did (the commit stands). */
  afterRefError?: unknown;
}

export interface GitWriterOptions {
  /** Wait for a held ref or index lock this long, then fail with E_GIT_LOCKED (default 5000 ms). */
  lockTimeoutMs?: number;
  /**
   * 'write' (default): the writer puts committed files into the working tree after the ref moved.
   * 'verify': the caller wrote them already; the index records a file's stat only when its bytes
   * match the commit (otherwise git sees the difference).
   */
  worktree?: 'write' | 'verify';
  /** 'pack' (default): one pack + .idx per commit; 'loose': one file per object. */
  storage?: ObjectStorage;
  /** zlib level for new objects (default 1). */
  compression?: number;
  /** fsync .git/index before renaming it in (default false, as git; recoverRepo repairs a torn index). */
  fsyncIndex?: boolean;
  /** Cap per file taken from disk (default 1 MiB) and files looked at per commit (default 10,000). */
  maxFileBytes?: number;
  maxFilesFromDisk?: number;
  /** Parsed trees kept in memory (default 4096). */
  treeCacheEntries?: number;
  /** Background repack rule; false turns it off (default: every 50 commits or over 40 packs). */
  repack?: RepackPolicy | false;
  /** Called with a background repack's failure (default: ignored; the next repack retries). */
  onHousekeepingError?: (e: unknown) => void;
  /** The file operations that make a commit durable (tests record or fault them). */
  fs?: FsLayer;
  /** Read objects via `git cat-file --batch` only (for benchmarks). */
  readVia?: 'process' | 'git';
}

const DEFAULT_IDENT = { name: 'AgentOS', email: 'agentos@localhost' };

export class GitWriter {
  readonly repo: RepoInfo;
  readonly git: Git;
  readonly reader: ObjectReader;
  readonly #o: Required<Omit<GitWriterOptions, 'repack' | 'onHousekeepingError' | 'fs' | 'readVia'>>;
  readonly #fs: FsLayer;
  readonly #catFile: CatFileBatch;
  readonly #house: Housekeeper | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(repo: RepoInfo, git: Git, opts: GitWriterOptions) {
    this.repo = repo;
    this.git = git;
    this.#fs = opts.fs ?? realFs;
    this.#o = {
      lockTimeoutMs: opts.lockTimeoutMs ?? 5000,
      worktree: opts.worktree ?? 'write',
      storage: opts.storage ?? 'pack',
      compression: opts.compression ?? 1,
      fsyncIndex: opts.fsyncIndex ?? false,
      maxFileBytes: opts.maxFileBytes ?? 1024 * 1024,
      maxFilesFromDisk: opts.maxFilesFromDisk ?? 10_000,
      treeCacheEntries: opts.treeCacheEntries ?? 4096,
    };
    this.#catFile = new CatFileBatch(git);
    const viaGit = opts.readVia === 'git';
    this.reader = new ObjectReader(viaGit ? '/nonexistent' : repo.objectsDir, { treeCacheEntries: this.#o.treeCacheEntries, fallback: (sha) => this.#catFile.read(sha) });
    const policy = opts.repack === undefined ? DEFAULT_REPACK : opts.repack;
    if (policy && !repo.preciousObjects) this.#house = new Housekeeper(git, repo.objectsDir, policy, opts.onHousekeepingError ?? (() => {}));
  }

  /** Open the repository at `dir` (its working tree root); refuses SHA-256, reftable and unknown formats. */
  static async open(dir: string, opts: GitWriterOptions = {}): Promise<GitWriter> {
    const git = new Git(dir);
    return new GitWriter(await readRepoInfo(dir, git), git, opts);
  }

  /** Commit `input` on the branch HEAD names; commits of one writer run one at a time. */
  commit(input: CommitInput): Promise<CommitResult> {
    const run = this.#queue.then(() => this.#commit(input));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Start a background repack now (the policy does this on its own); resolves when it ends. */
  repack(): Promise<void> {
    return this.#house?.repack() ?? Promise.resolve();
  }

  /** Wait for pending commits and a running repack; stop the cat-file helper. */
  async close(): Promise<void> {
    await this.#queue;
    await this.#house?.idle();
    this.#catFile.close();
  }

  async #commit(input: CommitInput): Promise<CommitResult> {
    const root = this.repo.root;
    const messageOf = (skipped: Skipped[]) => {
      const m = cleanCommitMessage((typeof input.message === 'function' ? input.message(skipped) : input.message) ?? '');
      if (!m) throw new GitWriterError('E_GIT_INPUT', root, `${root}: empty commit message; say what the commit records`);
      return m;
    };
    if (typeof input.message !== 'function') messageOf([]);
    const explicit = new Map<string, { leaf: Leaf; content?: Buffer; obj?: GitObject; text: string; verify?: boolean }>();
    for (const c of input.changes ?? []) {
      const bin = toBin(checkPath(c.path, root));
      if (explicit.has(bin)) throw new GitWriterError('E_GIT_INPUT', root, `${root}: path ${JSON.stringify(c.path)} appears twice in one commit`);
      if (c.op === 'delete') explicit.set(bin, { leaf: { kind: 'delete' }, text: c.path });
      else if (c.op === 'write') {
        const content = typeof c.content === 'string' ? Buffer.from(c.content, 'utf8') : c.content;
        if (!Buffer.isBuffer(content)) throw new GitWriterError('E_GIT_INPUT', root, `${root}: content of ${JSON.stringify(c.path)} is neither a string nor a Buffer`);
        const obj = makeObject('blob', content);
        const mode = c.executable === undefined ? undefined : c.executable ? '100755' : '100644';
        explicit.set(bin, { leaf: { kind: 'write', sha: obj.sha, mode }, content, obj, text: c.path, verify: c.worktree === 'verify' });
      } else throw new GitWriterError('E_GIT_INPUT', root, `${root}: unknown change op ${JSON.stringify((c as { op: unknown }).op)}`);
    }
    const withIndex = !this.repo.bare;
    const wait = { timeoutMs: this.#o.lockTimeoutMs };
    const indexLock = withIndex ? await LockFile.acquire(this.#fs, path.join(this.repo.gitDir, 'index'), wait) : null;
    try {
      // HEAD is read under the index lock: a checkout cannot switch branches under us.
      const branch = headBranch(this.repo.gitDir);
      const refFile = path.join(this.repo.commonDir, branch);
      const refLock = await LockFile.acquire(this.#fs, refFile, wait);
      let built: BuiltTree;
      let disk: DiskScan;
      let index: { index: GitIndex } | { reason: string } | null;
      let parent: string | null;
      let commitSha: string;
      let created: boolean;
      let message: string;
      try {
        parent = readRef(this.repo.commonDir, branch);
        const baseTree = parent ? await this.reader.commitTree(parent) : null;
        index = withIndex ? readIndexFor(this.repo.gitDir, this.repo.indexByGit, baseTree) : null;
        const stage0 = new Map<string, IndexEntry>();
        if (index && 'index' in index) for (const e of index.index.entries) if (e.stage === 0) stage0.set(e.path, e);
        disk = { files: [], deletes: [], skipped: [] };
        if (input.fromDisk?.length) {
          const wanted = input.fromDisk.filter((p) => !explicit.has(toBin(p)));
          disk = await scanDisk({ root, git: this.git, baseTree, tree: (s) => this.reader.tree(s), index: stage0 }, wanted, { maxFileBytes: this.#o.maxFileBytes, maxFiles: this.#o.maxFilesFromDisk });
          if (input.fromDiskFilter) disk = filterDisk(disk, input.fromDiskFilter);
        }
        const leaves = new Map<string, Leaf>();
        const blobs = new Map<string, GitObject>();
        for (const f of disk.files) {
          const obj = makeObject('blob', f.content);
          leaves.set(toBin(f.path), { kind: 'write', sha: obj.sha, mode: f.mode });
          blobs.set(obj.sha, obj);
        }
        for (const d of disk.deletes) if (!leaves.has(toBin(d))) leaves.set(toBin(d), { kind: 'delete' });
        for (const [bin, e] of explicit) {
          leaves.set(bin, e.leaf);
          if (e.obj) blobs.set(e.obj.sha, e.obj);
        }
        built = await buildTree(this.reader, baseTree, leaves, root);
        message = messageOf(disk.skipped);
        created = built.root !== baseTree || input.allowEmpty === true;
        commitSha = parent ?? ZERO_SHA;
        if (created) {
          const now = new Date();
          const ident = (i: Ident | undefined) => {
            const name = gitSafeIdentPart(i?.name ?? DEFAULT_IDENT.name) || DEFAULT_IDENT.name;
            const email = gitSafeIdentPart(i?.email ?? DEFAULT_IDENT.email) || DEFAULT_IDENT.email;
            return formatIdent({ name, email, date: i?.date }, now);
          };
          const author = ident(input.author);
          const committer = input.committer ? ident(input.committer) : author;
          const commit = makeObject('commit', encodeCommit({ tree: built.root, parents: parent ? [parent] : [], author, committer, message }));
          commitSha = commit.sha;
          const news: GitObject[] = [];
          for (const w of built.written.values()) if (w.before !== w.sha && blobs.has(w.sha)) news.push(blobs.get(w.sha)!), blobs.delete(w.sha);
          news.push(...built.trees, commit);
          await this.#durable(news, refLock, commit.sha);
          const subject = reflogMessage(message.split('\n')[0]);
          const line = reflogLine(parent ?? ZERO_SHA, commit.sha, committer, `commit${parent ? '' : ' (initial)'}: ${subject}`);
          this.#appendReflog(path.join(this.repo.commonDir, 'logs', branch), line);
          this.#appendReflog(path.join(this.repo.gitDir, 'logs', 'HEAD'), line);
          refLock.commit();
          await this.#fs.fsyncDir(path.dirname(refFile));
          this.reader.rememberCommit(commit.sha, built.root);
        }
      } finally {
        refLock.rollback();
      }
      const result: CommitResult = {
        sha: commitSha,
        parent,
        tree: built.root,
        created,
        branch,
        written: [...built.written.keys()].map(fromBin),
        deleted: [...built.deleted.keys()].filter((p) => !built.written.has(p)).map(fromBin),
        skipped: disk.skipped,
        index: 'none',
        worktreeProblems: [],
      };
      if (created) this.#house?.afterCommit(); // starts a background repack at most; never waits
      if (input.afterRef) {
        try {
          await input.afterRef();
        } catch (e) {
          result.afterRefError = e;
        }
      }
      // Even with no new commit (the tree did not change), the working tree gets what was asked.
      if (!indexLock || !index || (!created && explicit.size === 0)) return result;
      const updates = followCommit(this.repo.root, this.#o.worktree, built, explicit, disk, result.worktreeProblems);
      if ('index' in index) {
        indexLock.write(serializeIndex(updateIndex(index.index, updates)));
        if (this.#o.fsyncIndex) await indexLock.fsync();
        indexLock.commit();
        result.index = 'written';
      } else {
        // An index this writer does not write (split, sparse, v4, unreadable): let git set the
        // changed paths from the new HEAD. The ref moved while we held index.lock; we must give
        // it up for git to take it, so a person's git may run in between (the only gap).
        indexLock.rollback();
        const paths = [...updates.keys()].map(fromBin);
        if (index.reason === 'no index file') await this.git.run(['reset', '-q']);
        else await this.git.run(['reset', '-q', '--pathspec-from-file=-', '--pathspec-file-nul', '--'], [0], [], paths.map((p) => `:(literal)${p}`).join('\0'));
        result.index = 'git';
      }
      return result;
    } finally {
      indexLock?.rollback();
    }
  }

  /** Objects durable (content and names) before the ref lock's rename; the lock's flush runs alongside. */
  async #durable(objects: GitObject[], refLock: LockFile, sha: string): Promise<void> {
    const stage = this.#o.storage === 'loose' ? stageLoose : stagePack;
    const staged = stage(this.#fs, this.repo.objectsDir, objects, this.#o.compression);
    for (const p of staged.syncs) p.catch(() => {}); // awaited below; a failure before then must not go unhandled
    try {
      refLock.write(Buffer.from(`${sha}\n`));
      await Promise.all([...staged.syncs, refLock.fsync()]);
      staged.publish();
    } catch (e) {
      staged.abort();
      throw e;
    }
    await Promise.all(staged.dirs.map((d) => this.#fs.fsyncDir(d)));
    if (staged.pack) this.reader.addPack(staged.pack.idxPath, staged.pack.idx);
  }

  #appendReflog(file: string, line: Buffer): void {
    if (!this.repo.logRefs && !fs.existsSync(file)) return;
    try {
      this.#fs.append(file, line);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.#fs.mkdirp(path.dirname(file));
      this.#fs.append(file, line);
    }
  }
}

/** Files from disk that the caller's filter refuses move to `skipped` with its reason. */
function filterDisk(disk: DiskScan, filter: NonNullable<CommitInput['fromDiskFilter']>): DiskScan {
  const files: DiskScan['files'] = [];
  const skipped = [...disk.skipped];
  for (const f of disk.files) {
    const reason = filter({ path: f.path, content: f.content });
    if (reason) skipped.push({ path: f.path, reason });
    else files.push(f);
  }
  return { files, deletes: disk.deletes, skipped };
}
