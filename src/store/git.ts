// A small wrapper over the git CLI: execFile (never a shell), hooks disabled on every call,
// a clean environment, and typed errors that carry the command and git's stderr.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { StoreError } from './errors.ts';
import { gitPathProblem } from './git-safe.ts';
import { cleanCommitMessage } from './git-writer/safe-text.ts';

export class GitError extends StoreError {
  readonly args: string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(dir: string, argv: string[], exitCode: number | null, stderr: string) {
    const args = argv.filter((a) => a !== '--literal-pathspecs');
    super('E_GIT', `git ${args.join(' ')} failed in ${dir} (exit ${exitCode}): ${stderr.trim() || 'no output'}`);
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** A path git cannot be given (a control character in it): refused before git runs. */
export class GitPathError extends StoreError {
  readonly path: string;
  constructor(dir: string, rel: string, problem: string) {
    super('E_GIT_PATH', `refused to hand ${problem} to git in ${dir}: rename the file (no control characters)`);
    this.path = rel;
  }
}

export interface GitLogEntry {
  sha: string;
  subject: string;
  /** Committer date, ISO 8601. */
  date: string;
}

export interface GitStatusEntry {
  /** The two porcelain status letters, e.g. ' M', '??', 'R '. */
  code: string;
  path: string;
  origPath?: string;
}

/** Settings forced on every call: nothing a repository's own config says can run code or sign. */
const FORCED = ['core.hooksPath=/dev/null', 'core.fsmonitor=false', 'commit.gpgSign=false', 'core.autocrlf=false', 'core.quotePath=false'];
const PREFIX = FORCED.flatMap((c) => ['-c', c]);
/** Paths are file names, never patterns: a workspace file named `*.md` stages only itself. */
const LITERAL = '--literal-pathspecs';
const NO_COMMITS = /does not have any commits|bad default revision|unknown revision|ambiguous argument 'HEAD'/;

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class Git {
  readonly dir: string;
  #env: NodeJS.ProcessEnv;
  #commits = 0;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
    Object.assign(env, {
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_OPTIONAL_LOCKS: '0',
      LC_ALL: 'C',
      // Never walk up into an enclosing repository (the data dir may live inside one).
      GIT_CEILING_DIRECTORIES: path.dirname(this.dir),
    });
    this.#env = env;
  }

  /** Run any git command; returns stdout. */
  async raw(args: string[]): Promise<string> {
    return (await this.run(args)).stdout;
  }

  /** Run git; a non-zero exit throws GitError unless listed in `ok`. `input` goes to its stdin. */
  run(args: string[], ok: number[] = [0], config: string[] = [], input?: string | Buffer): Promise<RunResult> {
    // safe.directory for this repository only (command-line scope, which git honours): a data
    // directory made by another uid (a host folder mounted into the container) is not "dubious".
    const argv = [...PREFIX, '-c', `safe.directory=${this.dir}`, ...config.flatMap((c) => ['-c', c]), ...args];
    return new Promise((resolve, reject) => {
      const child = execFile('git', argv, { cwd: this.dir, env: this.#env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        if (code !== null && ok.includes(code)) return resolve({ stdout, stderr, code });
        // git says some things ("nothing to commit") on stdout.
        const said = [stderr.trim(), stdout.trim()].filter(Boolean).join('\n');
        reject(new GitError(this.dir, args, code, err && code === null ? `${err.message}\n${said}` : said));
      });
      // A git that exits before reading all of stdin makes the pipe fail: its exit status says why.
      child.stdin?.on('error', () => {});
      child.stdin?.end(input ?? '');
    });
  }

  /** A long-running git (e.g. `cat-file --batch`) with the same forced settings and environment. */
  spawn(args: string[]): ChildProcessWithoutNullStreams {
    return spawn('git', [...PREFIX, ...args], { cwd: this.dir, env: this.#env, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /** Paths as given, after refusing any that git cannot take. */
  #paths(paths: string[]): string[] {
    for (const p of paths) {
      const problem = gitPathProblem(p);
      if (problem) throw new GitPathError(this.dir, p, problem);
    }
    return paths;
  }

  /** git init -b main with a local identity and hooks pointed at /dev/null. Safe on an existing repo. */
  async init(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    await this.run(['init', '-q', '-b', 'main', '--template=']);
    await this.run(['config', 'user.name', 'AgentOS']);
    await this.run(['config', 'user.email', 'agentos@localhost']);
    await this.run(['config', 'core.hooksPath', '/dev/null']);
  }

  /**
   * Whether dir itself is the top of a repository (an enclosing repository does not count).
   * A .git directory without HEAD (a crash inside `git init`) is not one: init repairs it.
   */
  async isRepo(): Promise<boolean> {
    try {
      const st = await fsp.stat(path.join(this.dir, '.git'));
      if (st.isFile()) return true; // a gitfile (worktree, submodule)
      await fsp.stat(path.join(this.dir, '.git', 'HEAD'));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
      throw e;
    }
  }

  /** Whether the current branch has a commit. */
  async hasHead(): Promise<boolean> {
    return (await this.run(['rev-parse', '-q', '--verify', 'HEAD'], [0, 1, 128])).code === 0;
  }

  /** Stage paths (new, modified and deleted) relative to dir; no paths is a no-op. */
  async add(paths: string[]): Promise<void> {
    if (paths.length) await this.run([LITERAL, 'add', '-A', '--', ...this.#paths(paths)]);
  }

  /**
   * Commit what is staged, or with `paths` only those paths (git commit --only); returns the sha.
   * Without allowEmpty, nothing to commit is a GitError. The message goes through stdin with
   * NUL and other control characters removed (gitSafeText): an argument cannot hold a NUL byte.
   */
  async commit(message: string, opts: { allowEmpty?: boolean; paths?: string[] } = {}): Promise<string> {
    // Auto maintenance spawns another git after every commit: let it run on every 100th only.
    const maintenance = this.#commits++ % 100 === 99 ? [] : ['gc.auto=0', 'maintenance.auto=false'];
    const args = [LITERAL, 'commit', '-q', '--no-verify', '--untracked-files=no', '--cleanup=whitespace', '-F', '-'];
    if (opts.allowEmpty) args.push('--allow-empty');
    if (opts.paths?.length) args.push('--', ...this.#paths(opts.paths));
    await this.run(args, [0], maintenance, cleanCommitMessage(message) || '(no message)\n');
    return this.headSha();
  }

  /**
   * Put files back as HEAD has them (a commit that failed after its files were written): each
   * path HEAD holds is rewritten from HEAD, any other is deleted, and the paths are unstaged
   * where the index can be taken. Reading HEAD takes no lock, so this works while a stale
   * index.lock is what made the commit fail. Text files only (change sets hold text).
   */
  async restoreFromHead(paths: string[]): Promise<void> {
    const rel = this.#paths(paths);
    if (!rel.length) return;
    const inHead = new Set<string>();
    if (await this.hasHead()) {
      const out = (await this.run([LITERAL, 'ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', ...rel])).stdout;
      for (const p of out.split('\0')) if (p) inHead.add(p);
    }
    for (const p of rel) {
      const abs = path.join(this.dir, p);
      if (inHead.has(p)) {
        await fsp.mkdir(path.dirname(abs), { recursive: true });
        await fsp.writeFile(abs, (await this.run(['show', `HEAD:${p}`])).stdout);
      } else await fsp.rm(abs, { force: true });
    }
    // Unstage what a failed commit may have staged; without the index lock there is nothing staged to undo.
    await this.run([LITERAL, 'reset', '-q', '--', ...rel], [0, 1, 128]);
  }

  /** A file as HEAD has it, or undefined when HEAD (or the file in it) does not exist. */
  async showHead(rel: string): Promise<string | undefined> {
    const r = await this.run(['show', `HEAD:${this.#paths([rel])[0]}`], [0, 128]);
    return r.code === 0 ? r.stdout : undefined;
  }

  /** Sha of HEAD, read from .git without a process where possible. */
  async headSha(): Promise<string> {
    const gitDir = path.join(this.dir, '.git');
    try {
      const head = (await fsp.readFile(path.join(gitDir, 'HEAD'), 'utf8')).trim();
      if (/^[0-9a-f]{40,64}$/.test(head)) return head;
      const ref = head.startsWith('ref: ') ? head.slice(5) : '';
      if (/^refs\/heads\/[^\s]+$/.test(ref) && !ref.includes('..')) {
        const sha = (await fsp.readFile(path.join(gitDir, ref), 'utf8')).trim();
        if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
      }
    } catch {
      // packed refs, a .git file, or anything unusual: ask git.
    }
    return (await this.run(['rev-parse', 'HEAD'])).stdout.trim();
  }

  async headSubject(): Promise<string | null> {
    return (await this.subjects(1))[0] ?? null;
  }

  /** Commit subjects, newest first (all of them without a limit); [] on a repository without commits. */
  async subjects(limit?: number): Promise<string[]> {
    return (await this.log(limit)).map((e) => e.subject);
  }

  /** The last n commits (all without n), newest first; [] on a repository without commits. */
  async log(n?: number): Promise<GitLogEntry[]> {
    return (await this.logRecords('%H%x1f%s%x1f%cI', '\n', n)).map((l) => {
      const [sha, subject, date] = l.split('\x1f');
      return { sha, subject, date };
    });
  }

  /** `git log` records in `format`, split by `sep`, newest first: the newest n (all without n); [] without commits. */
  private async logRecords(format: string, sep: string, n?: number): Promise<string[]> {
    const args = ['log', `--format=${format}`];
    if (n !== undefined) args.splice(1, 0, `-n${Math.max(0, Math.floor(n))}`);
    const r = await this.run(args, [0, 128]);
    if (r.code !== 0) {
      if (NO_COMMITS.test(r.stderr)) return [];
      throw new GitError(this.dir, ['log'], r.code, r.stderr);
    }
    return r.stdout.split(sep).map((c) => c.replace(/^\n/, '')).filter(Boolean);
  }

  /**
   * Commits with their message bodies, oldest first: the newest `n` (all without n). For the
   * learning report and the dashboard; [] on a repository without commits.
   */
  async history(n?: number): Promise<(GitLogEntry & { body: string })[]> {
    return (await this.logRecords('%H%x1f%s%x1f%aI%x1f%b%x1e', '\x1e', n))
      .map((c) => {
        const [sha, subject, date, body] = c.split('\x1f');
        return { sha, subject, date, body: body ?? '' };
      })
      .reverse();
  }

  /** `git status --porcelain` output as is ('' when the tree is clean). */
  async statusPorcelain(): Promise<string> {
    return (await this.run(['status', '--porcelain=v1', '--untracked-files=all'])).stdout;
  }

  /** `git status` parsed into entries (paths exactly, from -z output), of the whole tree or under `paths`. */
  async status(paths: string[] = []): Promise<GitStatusEntry[]> {
    const { stdout } = await this.run([LITERAL, 'status', '--porcelain=v1', '-z', '--untracked-files=all', ...(paths.length ? ['--', ...this.#paths(paths)] : [])]);
    const parts = stdout.split('\0');
    const out: GitStatusEntry[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.length < 4) continue;
      const e: GitStatusEntry = { code: p.slice(0, 2), path: p.slice(3) };
      if (/[RC]/.test(e.code)) e.origPath = parts[++i];
      out.push(e);
    }
    return out;
  }

  /**
   * Remove lock files a crashed git left behind (index.lock, HEAD.lock, branch ref locks).
   * Callers guarantee no git process of ours runs on this repository. Returns whether it removed one.
   */
  async recoverStaleLock(): Promise<boolean> {
    const gitDir = path.join(this.dir, '.git');
    const locks = [path.join(gitDir, 'index.lock'), path.join(gitDir, 'HEAD.lock')];
    try {
      for (const f of await fsp.readdir(path.join(gitDir, 'refs', 'heads'))) if (f.endsWith('.lock')) locks.push(path.join(gitDir, 'refs', 'heads', f));
    } catch {
      // no refs/heads yet
    }
    let removed = false;
    for (const f of locks) {
      try {
        await fsp.unlink(f);
        removed = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
      }
    }
    return removed;
  }

  /** git fsck: ok is false when git reports corruption. */
  async fsck(): Promise<{ ok: boolean; output: string }> {
    const r = await this.run(['fsck', '--no-progress'], [0, 1, 2, 128]);
    return { ok: r.code === 0, output: (r.stdout + r.stderr).trim() };
  }
}
