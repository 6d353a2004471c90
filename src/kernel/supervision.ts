// The watchdog of one agent (rules in supervision-rules.ts): it follows every task's end; a
// streak of −1 rewards or of dead letters pauses the agent, records the pause as a commit
// (`<agent>(supervise): paused`) and escalates to a person with a request in the approvals store
// (through the EscalationPort the composition root wires). The agent resumes when the request is
// approved, when `agentos resume` leaves a resume mark, or through POST /agents/:name/resume.
// State: DATA/.agentos/supervision/<agent>.json (versioned; supervision-state.ts), so a pause
// survives a restart.
import type { AgentContext } from './agent-context.ts';
import { commitChangeSet } from './commit.ts';
import { DEFAULT_SUPERVISION } from '../config/index.ts';
import { clipText } from './events.ts';
import { readSupervision, supervisionPath, writeSupervision, type SupervisionState } from './supervision-state.ts';
import { EMPTY_STREAKS, nextStreaks, tripped, type Outcome, type StreakKind } from './supervision-rules.ts';

export interface EscalationRequest {
  agent: string;
  /** The last task of the streak. */
  task: string;
  question: string;
  streak: StreakKind;
  count: number;
  tasks: string[];
  created: string;
  expires: string;
}

/** What the kernel asks of the approvals store for an escalation (compose/ wires tools/approvals). */
export interface EscalationPort {
  /** Files the request a person answers; returns its id. */
  file(req: EscalationRequest): Promise<string>;
  /** The request's state: waiting, decided (and by whom), or gone (removed or unreadable). */
  status(agent: string, id: string): Promise<{ state: 'pending' | 'gone' } | { state: 'approved' | 'denied'; by: string }>;
  /** The agent resumed: the request leaves the list of what waits for a person. */
  close(agent: string, id: string): Promise<void>;
}

export interface SupervisionPause {
  reason: string;
  streak: StreakKind;
  count: number;
  tasks: string[];
  at: string;
  /** The escalation request, when an approvals store is wired. */
  request?: string;
}

export class Supervisor {
  readonly ctx: AgentContext;
  readonly port: EscalationPort | undefined;
  /** Off (eval's scratch runs): nothing is followed, nothing pauses. */
  readonly off: boolean;
  #state: SupervisionState = { v: 1, agent: '', streaks: EMPTY_STREAKS, paused: null, resume: null };

  constructor(ctx: AgentContext, port?: EscalationPort | false) {
    this.ctx = ctx;
    this.port = port || undefined;
    this.off = port === false;
    this.#state.agent = ctx.config.name;
  }

  get file(): string {
    return supervisionPath(this.ctx.dataDir, this.ctx.config.name);
  }

  /** The pause, while the agent is paused by its watchdog. */
  get pause(): SupervisionPause | undefined {
    return this.#state.paused ?? undefined;
  }

  /** Reads the state a previous run left (a pause survives a restart). */
  async load(): Promise<void> {
    if (this.off) return;
    const r = await readSupervision(this.file, this.ctx.config.name);
    if (r.problem) this.ctx.log.warn({ agent: this.ctx.config.name }, r.problem);
    this.#state = r.state;
  }

  /** Follows one task's end; pauses the agent when a streak reaches its limit. Never throws: the task is done. */
  async observe(o: Outcome): Promise<void> {
    if (this.off) return;
    try {
      await this.follow(o);
    } catch (err) {
      this.ctx.log.error({ agent: this.ctx.config.name, err }, 'the watchdog could not record a task\'s end; it goes on');
    }
  }

  private async follow(o: Outcome): Promise<void> {
    const policy = this.ctx.config.supervision ?? DEFAULT_SUPERVISION;
    const streaks = nextStreaks(this.#state.streaks, o);
    this.#state = { ...this.#state, streaks };
    const trip = this.#state.paused ? undefined : tripped(streaks, policy, this.ctx.config.name);
    if (!trip) return this.save(false);
    const agent = this.ctx.config.name;
    const now = new Date();
    let request: string | undefined;
    try {
      request = await this.port?.file({
        agent, task: o.task, question: trip.reason, streak: trip.streak, count: trip.count, tasks: trip.tasks,
        created: now.toISOString(), expires: new Date(now.getTime() + policy.requestTtlMs).toISOString(),
      });
    } catch (err) {
      // The pause stands without the request: `agentos resume` and the API still resume it.
      this.ctx.log.error({ agent, err }, 'could not file the escalation request; the agent is paused all the same');
    }
    this.#state = { ...this.#state, streaks: EMPTY_STREAKS, resume: null, paused: { reason: trip.reason, streak: trip.streak, count: trip.count, tasks: trip.tasks, at: now.toISOString(), ...(request && { request }) } };
    await this.save(true);
    await this.record(`${agent}(supervise): paused\n\n${trip.reason}\n\nstreak: ${trip.streak} × ${trip.count}: ${trip.tasks.join(', ')}${request ? `\nrequest: ${request}` : ''}\n`);
    this.ctx.events.emitEvent({ type: 'agent.supervised', agent, reason: clipText(trip.reason, 300), streak: trip.streak, count: trip.count, ...(request && { request }) });
    this.ctx.log.warn({ agent, streak: trip.streak, tasks: trip.tasks, request }, `paused by the watchdog: ${trip.reason}`);
  }

  /**
   * True while the agent stays paused. A pause ends here when its request was approved or a
   * resume mark (agentos resume) was left; a denied or expired request keeps it paused.
   */
  async held(): Promise<boolean> {
    const p = this.#state.paused;
    if (!p) return false;
    // Another process (agentos resume) may have left a mark since.
    const disk = await readSupervision(this.file, this.ctx.config.name);
    if (disk.state.resume) return !(await this.resume(disk.state.resume.by));
    if (p.request && this.port) {
      const s = await this.port.status(this.ctx.config.name, p.request).catch(() => ({ state: 'pending' as const }));
      if (s.state === 'approved') return !(await this.resume(`${s.by} (approved ${p.request})`));
    }
    return true;
  }

  /** Ends the pause (recorded as a commit); false when the agent was not paused. */
  async resume(by: string): Promise<boolean> {
    const p = this.#state.paused;
    if (!p) {
      if (this.#state.resume) {
        this.#state = { ...this.#state, resume: null };
        await this.save(true);
      }
      return false;
    }
    const agent = this.ctx.config.name;
    this.#state = { ...this.#state, paused: null, resume: null, streaks: EMPTY_STREAKS };
    await this.save(true);
    if (p.request) await this.port?.close(agent, p.request).catch((err: unknown) => this.ctx.log.warn({ agent, err }, 'could not close the escalation request'));
    await this.record(`${agent}(supervise): resumed\n\nresumed by ${by}; paused since ${p.at} (${p.streak} × ${p.count}: ${p.tasks.join(', ')})\n`);
    this.ctx.events.emitEvent({ type: 'agent.resumed', agent, by: clipText(by, 80) });
    this.ctx.log.info({ agent, by }, 'resumed after a watchdog pause');
    return true;
  }

  private async save(durable: boolean): Promise<void> {
    try {
      await writeSupervision(this.file, this.#state, durable);
    } catch (err) {
      this.ctx.log.warn({ agent: this.ctx.config.name, err }, `could not write ${this.file}`);
      if (durable) throw err;
    }
  }

  /** A pause or resume is part of the agent's history (not a task subject: `done` is unaffected). */
  private async record(message: string): Promise<void> {
    await commitChangeSet(this.ctx, { message, changes: [], dequeue: [] });
  }
}

/**
 * `agentos resume` without the daemon's lock: leaves a resume mark the worker honours at its next
 * wake (or the next start). Returns the pause it marked, or undefined when the agent is not paused.
 */
export async function markResume(dataDir: string, agent: string, by: string): Promise<SupervisionPause | undefined> {
  const file = supervisionPath(dataDir, agent);
  const r = await readSupervision(file, agent);
  if (!r.state.paused) return undefined;
  await writeSupervision(file, { ...r.state, resume: { by, at: new Date().toISOString() } }, true);
  return r.state.paused;
}
