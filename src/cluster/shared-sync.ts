// The shared repository across workers: every worker writes proposals, votes, handoffs and dead
// letters into its clone; before a task it takes what others pushed (its own unpushed commits
// replayed on top), after a task it pushes. A replay that conflicts is never dropped: the local
// commits go to a branch `unpushed/<worker>-<time>` on the remote for a person to merge.
import type { Logger } from '../telemetry/index.ts';
import type { Clone } from './remote.ts';

const NET = ['http.lowSpeedLimit=1000', 'http.lowSpeedTime=30'];

export class SharedSync {
  private readonly clone: Clone;
  private readonly exclusive: (fn: () => Promise<void>) => Promise<void>;
  private readonly log: Logger;
  private readonly workerId: string;
  private readonly pushAttempts: number;
  /** Pull at most this often (ms): shared files change rarely and a stale read is only stale. */
  private readonly pullEveryMs: number;
  private lastPull = 0;

  constructor(clone: Clone, o: { exclusive: (fn: () => Promise<void>) => Promise<void>; log: Logger; workerId: string; pushAttempts: number; pullEveryMs: number }) {
    this.clone = clone;
    this.exclusive = o.exclusive;
    this.log = o.log;
    this.workerId = o.workerId;
    this.pushAttempts = o.pushAttempts;
    this.pullEveryMs = o.pullEveryMs;
  }

  private get git() {
    return this.clone.git;
  }

  private async fetch(): Promise<void> {
    await this.git.run(['fetch', '-q', 'origin', '+refs/heads/main:refs/remotes/origin/main'], [0], NET);
  }

  private async ahead(): Promise<number> {
    return Number((await this.git.run(['rev-list', '--count', 'origin/main..HEAD'])).stdout.trim());
  }

  /** Takes what others pushed; never throws (a failure is logged and tried again next time). */
  async pull(force = false): Promise<void> {
    if (!force && Date.now() - this.lastPull < this.pullEveryMs) return;
    this.lastPull = Date.now();
    await this.guard('pull', async () => {
      if (await this.clone.remoteIs(await this.clone.ref('origin'))) return; // nobody pushed since we looked
      await this.fetch();
      await this.replay();
    });
  }

  /** Pushes this worker's shared commits (replaying them on what others pushed); never throws. */
  async push(): Promise<void> {
    await this.guard('push', async () => {
      for (let i = 1; i <= this.pushAttempts; i++) {
        const head = await this.clone.ref('HEAD');
        if (head !== undefined && head === (await this.clone.ref('origin'))) return; // nothing of ours to push
        if ((await this.ahead()) === 0) return;
        const r = await this.git.run(['push', '-q', 'origin', 'HEAD:refs/heads/main'], [0, 1], NET);
        if (r.code === 0) {
          await this.git.run(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
          return;
        }
        await this.fetch();
        if (!(await this.replay())) return;
      }
      this.log.warn(`shared: the remote moved under ${this.pushAttempts} pushes in a row; pushed after the next task`);
    });
  }

  /** Puts local commits on top of origin/main; false when they conflicted (and were parked). */
  private async replay(): Promise<boolean> {
    if ((await this.ahead()) === 0) {
      await this.git.run(['reset', '-q', '--hard', 'origin/main']);
      return true;
    }
    const r = await this.git.run(['rebase', '-q', 'origin/main'], [0, 1, 128]);
    if (r.code === 0) return true;
    await this.git.run(['rebase', '--abort'], [0, 1, 128]);
    const branch = `unpushed/${this.workerId}-${Date.now()}`;
    await this.git.run(['push', '-q', 'origin', `HEAD:refs/heads/${branch}`], [0, 1], NET);
    await this.git.run(['reset', '-q', '--hard', 'origin/main']);
    this.log.error({ branch }, `shared: this worker's commits conflict with what others pushed; kept on branch ${branch} of shared.git for a person to merge`);
    return false;
  }

  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await this.exclusive(fn);
    } catch (err) {
      this.log.warn({ err }, `shared: ${what} failed; tried again after the next task`);
    }
  }
}
