// Pending approvals on disk, so a paused task survives a restart of the daemon:
// DATA/.agentos/approvals/<agent>/<task>.checkpoint.json (the paused act loop) and
// <request-id>.decision.json (the answer, written once: the first decision wins, whether
// it comes from the CLI, the HTTP API or the TTL). Label requests have no checkpoint:
// <request-id>.label.json. The directory is 0700: checkpoints hold what the model saw.
// Once its task moves on, a decision is kept in <agent>/decided/ (the newest DECIDED_KEPT per
// agent), so a second decision is refused as a conflict, not as an unknown request.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../store/index.ts';
import { ApprovalError } from './errors.ts';
import { readCheckpoint, readDecision, readLabelRequest } from './formats.ts';
import { readSuperviseRequest, superviseJson } from './supervise-format.ts';
import type { ApprovalRequest, Checkpoint, Decision, RequestView } from './types.ts';

const CHECKPOINT = '.checkpoint.json';
const DECISION = '.decision.json';
const LABEL = '.label.json';
const SUPERVISE = '.supervise.json';
const DECIDED = 'decided';
/** Decisions kept per agent after their task moved on (a repeat decision then answers 409). */
export const DECIDED_KEPT = 1000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function newRequestId(): string {
  return `apr-${randomBytes(6).toString('hex')}`;
}

export class ApprovalStore {
  readonly root: string;
  readonly #onProblem: (message: string) => void;
  /** Tasks whose checkpoint a newer AgentOS wrote: still paused, never re-run from scratch here. */
  readonly #held = new Map<string, Set<string>>();

  readonly #keepDecided: number;

  constructor(dataDir: string, onProblem: (message: string) => void = () => {}, keepDecided = DECIDED_KEPT) {
    this.root = path.join(path.resolve(dataDir), '.agentos', 'approvals');
    this.#onProblem = onProblem;
    this.#keepDecided = keepDecided;
  }

  #dir(agent: string): string {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(agent)) throw new ApprovalError('INVALID_DECISION', `invalid agent name ${JSON.stringify(agent)}`);
    return path.join(this.root, agent);
  }

  async #ensure(agent: string): Promise<string> {
    const dir = this.#dir(agent);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.chmod(this.root, 0o700).catch(() => {});
    return dir;
  }

  async saveCheckpoint(cp: Checkpoint): Promise<void> {
    const dir = await this.#ensure(cp.agent);
    await writeFileAtomic(path.join(dir, `${safeName(cp.task)}${CHECKPOINT}`), `${JSON.stringify(cp, null, 1)}\n`);
  }

  async saveLabelRequest(req: ApprovalRequest): Promise<void> {
    const dir = await this.#ensure(req.agent);
    await writeFileAtomic(path.join(dir, `${req.id}${LABEL}`), `${JSON.stringify(req, null, 1)}\n`);
  }

  /** An agent paused by its watchdog waits for a person (versioned: supervise-format.ts). */
  async saveSuperviseRequest(req: ApprovalRequest & { streak: NonNullable<ApprovalRequest['streak']> }): Promise<void> {
    const dir = await this.#ensure(req.agent);
    await writeFileAtomic(path.join(dir, `${req.id}${SUPERVISE}`), `${JSON.stringify(superviseJson(req), null, 1)}\n`);
  }

  async superviseRequests(agent: string): Promise<ApprovalRequest[]> {
    return this.#readAll(agent, SUPERVISE, readSuperviseRequest);
  }

  /** The agent resumed: its request and decision leave the list (the decision is kept in decided/). */
  async removeSupervise(agent: string, id: string): Promise<void> {
    await this.#retire(agent, [id]);
    await fs.rm(path.join(this.#dir(agent), `${id}${SUPERVISE}`), { force: true });
  }

  async checkpoints(agent: string): Promise<Checkpoint[]> {
    return this.#readAll(agent, CHECKPOINT, readCheckpoint);
  }

  /** Tasks paused by a checkpoint this version cannot read (a newer AgentOS wrote it). */
  heldTasks(agent: string): Set<string> {
    return this.#held.get(agent) ?? new Set();
  }

  /**
   * Every readable file of a kind. One that does not parse is moved aside (`.corrupt-<time>`) and
   * reported, so it cannot stop the agent; one from a newer AgentOS is left in place and reported.
   */
  async #readAll<T>(agent: string, suffix: string, read: (json: unknown, file: string) => T): Promise<T[]> {
    const dir = this.#dir(agent);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: T[] = [];
    for (const n of names.filter((x) => x.endsWith(suffix)).sort()) {
      const file = path.join(dir, n);
      let json: unknown;
      try {
        const text = await fs.readFile(file, 'utf8');
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new ApprovalError('CORRUPT', `${file}: not JSON: ${(e as Error).message}`);
        }
        out.push(read(json, file));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        if (!(e instanceof ApprovalError)) throw e;
        if (e.code === 'FORMAT_NEWER') {
          const task = (json as { task?: unknown }).task;
          if (typeof task === 'string') this.#held.set(agent, (this.#held.get(agent) ?? new Set()).add(task));
          this.#onProblem(`${e.message} (left in place)`);
          continue;
        }
        const aside = `${file}.corrupt-${Date.now()}`;
        await fs.rename(file, aside).catch(() => {});
        this.#onProblem(`${e.message}; moved to ${path.basename(aside)} (the task runs again from its queue block)`);
      }
    }
    return out;
  }

  async decision(agent: string, id: string): Promise<Decision | undefined> {
    const file = path.join(this.#dir(agent), `${id}${DECISION}`);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      return readDecision(JSON.parse(text), file);
    } catch (e) {
      // A decision that cannot be read is no decision: the request is asked again.
      if (!(e instanceof ApprovalError) && !(e instanceof SyntaxError)) throw e;
      await fs.rename(file, `${file}.corrupt-${Date.now()}`).catch(() => {});
      this.#onProblem(`${e.message}; moved aside, the request waits for a new decision`);
      return undefined;
    }
  }

  async agents(): Promise<string[]> {
    try {
      return (await fs.readdir(this.root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** Every request of `agent` (or of all agents), pending first, with its decision when there is one. */
  async list(agent?: string): Promise<RequestView[]> {
    const views: RequestView[] = [];
    for (const a of agent ? [agent] : await this.agents()) {
      const reqs = [...(await this.checkpoints(a)).flatMap((c) => c.requests), ...(await this.labelRequests(a)), ...(await this.superviseRequests(a))];
      for (const r of reqs) {
        const d = await this.decision(a, r.id);
        views.push({ ...r, status: d ? 'decided' : 'pending', ...(d && { decision: d }) });
      }
    }
    return views.sort((x, y) => (x.status === y.status ? x.created.localeCompare(y.created) : x.status === 'pending' ? -1 : 1));
  }

  async get(id: string): Promise<RequestView> {
    const found = (await this.list()).find((v) => v.id === id);
    if (!found) throw new ApprovalError('UNKNOWN_REQUEST', `no approval request ${id.slice(0, 100)} (agentos approvals lists them)`);
    return found;
  }

  /**
   * Records a decision; the first one wins. Validates it against the request's kind. Returns the
   * decision with the request it applied to: a caller needs no second look-up, which could miss a
   * request whose task has already taken the decision and moved on.
   */
  async decide(id: string, d: Omit<Decision, 'id' | 'at'> & { at?: string }): Promise<Decision> {
    return (await this.decideRequest(id, d)).decision;
  }

  async decideRequest(id: string, d: Omit<Decision, 'id' | 'at'> & { at?: string }): Promise<{ decision: Decision; request: RequestView }> {
    let req: RequestView;
    try {
      req = await this.get(id);
    } catch (e) {
      const earlier = e instanceof ApprovalError && e.code === 'UNKNOWN_REQUEST' ? await this.#archived(id) : undefined;
      if (earlier) throw new ApprovalError('ALREADY_DECIDED', `${id} was already ${earlier.decision} by ${earlier.by} at ${earlier.at}; its task has moved on`);
      throw e;
    }
    if (req.status === 'decided') throw new ApprovalError('ALREADY_DECIDED', `${id} was already ${req.decision!.decision} by ${req.decision!.by} at ${req.decision!.at}`);
    const decision: Decision = { id, decision: d.decision, by: d.by, at: d.at ?? new Date().toISOString() };
    if (d.reason) decision.reason = d.reason;
    if (d.decision === 'approved') {
      if (req.kind === 'choose') {
        if (d.choice === undefined || !Number.isInteger(d.choice) || d.choice < 0 || d.choice >= (req.options?.length ?? 0)) {
          throw new ApprovalError('INVALID_DECISION', `${id} asks to choose one of ${req.options?.length ?? 0} options: give --choice N (1..${req.options?.length ?? 0})`);
        }
        decision.choice = d.choice;
      } else if (req.kind === 'context') {
        if (!d.answer?.trim()) throw new ApprovalError('INVALID_DECISION', `${id} asks for context: give --answer "…"`);
        decision.answer = d.answer;
      } else if (req.kind === 'label') {
        if (!d.label?.trim()) throw new ApprovalError('INVALID_DECISION', `${id} asks to label the outcome of task ${req.task}: give --label correct|incorrect|partial (or any word)`);
        decision.label = d.label.trim();
      }
    }
    const file = path.join(await this.#ensure(req.agent), `${id}${DECISION}`);
    if (!(await writeFileAtomic(file, `${JSON.stringify(decision, null, 1)}\n`, { exclusive: true }))) {
      const first = await this.decision(req.agent, id);
      throw new ApprovalError('ALREADY_DECIDED', `${id} was already ${first?.decision ?? 'decided'} by ${first?.by ?? 'someone'}`);
    }
    return { decision, request: req };
  }

  /** A decision kept after its task moved on, from any agent. */
  async #archived(id: string): Promise<Decision | undefined> {
    if (!SAFE_ID.test(id)) return undefined;
    for (const a of await this.agents()) {
      const file = path.join(this.#dir(a), DECIDED, `${id}${DECISION}`);
      try {
        return readDecision(JSON.parse(await fs.readFile(file, 'utf8')), file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        this.#onProblem(`${file}: ${(e as Error).message}`);
      }
    }
    return undefined;
  }

  /** Moves decisions whose task moved on to decided/, keeping the newest DECIDED_KEPT. */
  async #retire(agent: string, ids: string[]): Promise<void> {
    const dir = this.#dir(agent);
    const kept = path.join(dir, DECIDED);
    let moved = 0;
    for (const id of ids) {
      if (!SAFE_ID.test(id)) continue;
      await fs.mkdir(kept, { recursive: true, mode: 0o700 });
      try {
        await fs.rename(path.join(dir, `${id}${DECISION}`), path.join(kept, `${id}${DECISION}`));
        moved++;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    if (moved === 0) return;
    const names = (await fs.readdir(kept)).filter((n) => n.endsWith(DECISION));
    if (names.length <= this.#keepDecided) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await fs.stat(path.join(kept, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((x, y) => x.t - y.t);
    for (const { n } of dated.slice(0, dated.length - this.#keepDecided)) await fs.rm(path.join(kept, n), { force: true });
  }

  /** Denies every pending request of `agent` whose TTL has passed; returns their ids. */
  async expire(agent: string, now: Date): Promise<string[]> {
    const expired: string[] = [];
    for (const v of await this.list(agent)) {
      if (v.status === 'pending' && Date.parse(v.expires) <= now.getTime()) {
        try {
          await this.decide(v.id, { decision: 'denied', reason: `no decision within its time to live (expired ${v.expires})`, by: 'ttl', at: now.toISOString() });
          expired.push(v.id);
        } catch (e) {
          if (!(e instanceof ApprovalError && e.code === 'ALREADY_DECIDED')) throw e;
        }
      }
    }
    return expired;
  }

  /** Removes a task's checkpoint and the decisions of its requests (the task is committed). */
  async removeCheckpoint(agent: string, task: string): Promise<void> {
    const dir = this.#dir(agent);
    const file = path.join(dir, `${safeName(task)}${CHECKPOINT}`);
    let cp: Checkpoint | undefined;
    try {
      cp = readCheckpoint(JSON.parse(await fs.readFile(file, 'utf8')), file);
    } catch {
      cp = undefined;
    }
    await this.#retire(agent, (cp?.requests ?? []).map((r) => r.id));
    await fs.rm(file, { force: true });
  }

  /** Removes a decided label request and its decision. */
  async removeLabel(agent: string, id: string): Promise<void> {
    await this.#retire(agent, [id]);
    await fs.rm(path.join(this.#dir(agent), `${id}${LABEL}`), { force: true });
  }

  async labelRequests(agent: string): Promise<ApprovalRequest[]> {
    return this.#readAll(agent, LABEL, readLabelRequest);
  }
}

/** Task ids are validated by the queue codec; this keeps a file name safe whatever comes. */
function safeName(task: string): string {
  return task.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
}
