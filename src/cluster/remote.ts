// The git remote: where each agent's repository and the shared repository live for a cluster
// (a directory of bare repositories, or any git URL). The remote is the truth: a worker resets its
// clone to the remote before each task, and pushes the task's commit before the task is
// acknowledged; a push that loses a race fetches, and either finds the task already there
// (another worker ran it: keep theirs) or replays its commit on top (a person's push).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Git, GitError } from '../store/index.ts';
import { ClusterError } from './errors.ts';

const BRANCH = 'main';
/** Bounds on a remote that stops answering (http and ssh remotes; a directory answers or fails). */
const NET = ['http.lowSpeedLimit=1000', 'http.lowSpeedTime=30', 'core.sshCommand=ssh -o BatchMode=yes -o ConnectTimeout=15 -o ServerAliveInterval=15 -o ServerAliveCountMax=2'];

/** A URL or scp-like address (host:path) rather than a directory. */
export function isUrlRemote(remote: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(remote) ? !remote.startsWith('file://') : /^[^/\\]+:/.test(remote) && !/^[A-Za-z]:[\\/]/.test(remote);
}

/** The remote as a directory (file:// stripped), or undefined for a URL remote. */
export function remoteDir(remote: string): string | undefined {
  if (isUrlRemote(remote)) return undefined;
  return path.resolve(remote.startsWith('file://') ? new URL(remote).pathname : remote);
}

function join(remote: string, ...parts: string[]): string {
  const dir = remoteDir(remote);
  return dir ? path.join(dir, ...parts) : `${remote.replace(/\/+$/, '')}/${parts.join('/')}`;
}

export const agentRepoUrl = (remote: string, agent: string) => join(remote, 'agents', `${agent}.git`);
export const sharedRepoUrl = (remote: string) => join(remote, 'shared.git');

/** A task's subject in history, as the kernel writes it (`<agent>(task): <id>`, or a dead letter). */
function recorded(subjects: string[], agent: string, taskId: string): boolean {
  return subjects.some((s) => s === `${agent}(task): ${taskId}` || s === `${agent}(dead-letter): ${taskId}`);
}

/** One local clone and its remote: the fetch, reset and push of a worker. */
export class Clone {
  readonly git: Git;
  readonly name: string;
  /** The bare repository when the remote is a directory: its branch is read as a file, no process. */
  private readonly bare: string | undefined;
  /** The clone equals the remote as last seen, with a clean tree (we pushed last): a sync may skip the reset. */
  private known = false;

  constructor(dir: string, name: string, url?: string) {
    this.git = new Git(dir);
    this.name = name;
    this.bare = url && !isUrlRemote(url) ? remoteDir(url) : undefined;
  }

  /** A ref's sha read from its file (`HEAD` follows the branch); undefined when git keeps it elsewhere (packed). */
  async ref(name: 'HEAD' | 'origin' | 'remote'): Promise<string | undefined> {
    const file = name === 'remote' ? (this.bare && path.join(this.bare, 'refs', 'heads', BRANCH)) : path.join(this.git.dir, '.git', name === 'HEAD' ? 'HEAD' : `refs/remotes/origin/${BRANCH}`);
    if (!file) return undefined;
    try {
      const text = (await readFile(file, 'utf8')).trim();
      if (name === 'HEAD') return text === `ref: refs/heads/${BRANCH}` ? this.git.headSha() : undefined;
      return /^[0-9a-f]{40,64}$/.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the remote's branch is known, without a process, to equal `sha`. */
  async remoteIs(sha: string | undefined): Promise<boolean> {
    return sha !== undefined && (await this.ref('remote')) === sha;
  }

  private async remote(args: string[]): Promise<void> {
    try {
      await this.git.run(args, [0], NET);
    } catch (err) {
      throw new ClusterError('REMOTE_UNAVAILABLE', `${this.name}: git ${args[0]} to the remote failed: ${err instanceof GitError ? err.stderr.trim() : String(err)}; check --remote and that this worker can reach it`, { cause: err });
    }
  }

  private async heads(): Promise<[string, string]> {
    const out = (await this.git.run(['rev-parse', 'HEAD', `refs/remotes/origin/${BRANCH}`])).stdout.trim().split('\n');
    return [out[0], out[1]];
  }

  /**
   * Makes the clone what the remote holds: fetch, then reset and clean unless nothing moved.
   * Commits only this clone has (a crashed life's, never pushed, so never acknowledged) are dropped:
   * their task is still in its queue and runs again. Returns whether the clone changed.
   */
  async reset(): Promise<boolean> {
    // A directory remote whose branch is still our HEAD: nothing to fetch (the common case, a file read).
    if (this.known && (await this.remoteIs(await this.ref('HEAD')))) return false;
    await this.remote(['fetch', '-q', 'origin', `+refs/heads/${BRANCH}:refs/remotes/origin/${BRANCH}`]);
    const [head, remote] = await this.heads();
    if (this.known && head === remote) return false;
    await this.git.recoverStaleLock();
    await this.git.run(['reset', '-q', '--hard', `origin/${BRANCH}`]);
    await this.git.run(['clean', '-q', '-fd']);
    this.known = true;
    return head !== remote;
  }

  /** Not known to equal the remote any more (a failure, an abort): the next sync resets. */
  forget(): void {
    this.known = false;
  }

  /**
   * Pushes HEAD. On a lost race: fetch; if the remote already records `taskId` (another worker's
   * run), keep the remote's ('duplicate'); else replay our commits on top and try again, up to
   * `attempts`. A replay that conflicts drops ours and throws REMOTE_CONFLICT (the task runs again).
   */
  async push(attempts: number, agent?: string, taskId?: string): Promise<'pushed' | 'duplicate' | 'nothing'> {
    for (let i = 1; ; i++) {
      // A successful push also moves refs/remotes/origin/main (git does that for a configured remote).
      const r = await this.git.run(['push', '-q', '--porcelain', 'origin', `HEAD:refs/heads/${BRANCH}`], [0, 1], NET);
      if (r.code === 0) {
        this.known = true;
        return /\[up to date\]/.test(r.stdout) ? 'nothing' : 'pushed';
      }
      const text = `${r.stdout}\n${r.stderr}`;
      if (!/\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|failed to (update|lock) ref|cannot lock ref/.test(text)) {
        this.known = false;
        throw new ClusterError('REMOTE_UNAVAILABLE', `${this.name}: git push failed: ${text.trim() || 'no output'}; check --remote`);
      }
      await this.remote(['fetch', '-q', 'origin', `+refs/heads/${BRANCH}:refs/remotes/origin/${BRANCH}`]);
      if (agent && taskId) {
        const theirs = (await this.git.run(['log', '--format=%s', `HEAD..origin/${BRANCH}`])).stdout.split('\n');
        if (recorded(theirs, agent, taskId)) {
          await this.git.run(['reset', '-q', '--hard', `origin/${BRANCH}`]);
          this.known = true;
          return 'duplicate';
        }
      }
      if (i >= attempts) {
        this.known = false;
        throw new ClusterError('REMOTE_CONFLICT', `${this.name}: the remote moved under ${attempts} push(es) in a row; the task runs again`);
      }
      const rebase = await this.git.run(['rebase', '-q', `origin/${BRANCH}`], [0, 1, 128]);
      if (rebase.code !== 0) {
        await this.git.run(['rebase', '--abort'], [0, 1, 128]);
        await this.git.run(['reset', '-q', '--hard', `origin/${BRANCH}`]);
        this.known = true;
        throw new ClusterError('REMOTE_CONFLICT', `${this.name}: our commit conflicts with what was pushed meanwhile (${(rebase.stdout + rebase.stderr).trim().split('\n')[0]}); dropped it, the task runs again on the new state`);
      }
    }
  }
}

/** git clone, or point an existing clone at the remote. */
export async function ensureClone(url: string, dir: string): Promise<void> {
  const git = new Git(dir);
  if (await git.isRepo()) {
    await git.run(['remote', 'set-url', 'origin', url], [0, 2]).then((r) => (r.code === 2 ? git.run(['remote', 'add', 'origin', url]) : r));
    return;
  }
  const parent = new Git(path.dirname(dir));
  try {
    await parent.run(['clone', '-q', '--no-hardlinks', '-b', BRANCH, url, path.basename(dir)], [0], NET);
  } catch (err) {
    throw new ClusterError('REMOTE_UNAVAILABLE', `cannot clone ${url}: ${err instanceof GitError ? err.stderr.trim() : String(err)}; run \`agentos remote init\` for a directory remote, or check the URL`, { cause: err });
  }
  await git.run(['config', 'user.name', 'AgentOS']);
  await git.run(['config', 'user.email', 'agentos@localhost']);
  await git.run(['config', 'core.hooksPath', '/dev/null']);
}
