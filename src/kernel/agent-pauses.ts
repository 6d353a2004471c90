// Why an agent takes no task for a while, its tasks kept in the queue: its daily budget is
// spent (until the next UTC day), or every model provider's circuit is open (until the next
// trial). Each pause is announced once (agent.paused / agent.resumed) and wakes the worker when due.
import { ModelCallError } from '../models/index.ts';
import { redactText } from '../telemetry/index.ts';
import type { AgentContext } from './agent-context.ts';
import { clipText } from './events.ts';
import { budgetState } from './routing.ts';

export interface Pause {
  reason: string;
  resumesAt: string;
}

export class AgentPauses {
  private readonly ctx: AgentContext;
  private readonly wakeIn: (ms: number) => void;
  private budgetPause: Pause | undefined;
  private providerPause: Pause | undefined;

  constructor(ctx: AgentContext, wakeIn: (ms: number) => void) {
    this.ctx = ctx;
    this.wakeIn = wakeIn;
  }

  /** The pause in force, if any (a provider pause past its trial time is over). */
  get current(): Pause | undefined {
    if (this.providerPause && Date.parse(this.providerPause.resumesAt) <= Date.now()) this.providerPause = undefined;
    return this.providerPause ?? this.budgetPause;
  }

  /** True while the budget is spent or the providers' trial is not due; arranges the wake. */
  holding(): boolean {
    return this.budgetSpent() || this.providersDown();
  }

  /** A spent daily budget pauses the agent: tasks stay queued until the next UTC day. */
  budgetSpent(): boolean {
    const v = budgetState(this.ctx);
    const agent = this.ctx.config.name;
    if (!v.paused) {
      if (this.budgetPause) this.ctx.events.emitEvent({ type: 'agent.resumed', agent });
      this.budgetPause = undefined;
      return false;
    }
    if (this.budgetPause?.reason !== v.reason) {
      this.budgetPause = { reason: v.reason, resumesAt: v.resumesAt };
      this.ctx.events.emitEvent({ type: 'agent.paused', agent, reason: clipText(v.reason, 300), resumesAt: v.resumesAt });
      this.ctx.log.warn({ agent, resumesAt: v.resumesAt }, `paused: ${v.reason}`);
    }
    this.wakeIn(Math.max(1000, Date.parse(v.resumesAt) - Date.now() + 1000));
    return true;
  }

  /** Every provider's circuit open: no task is tried (each would fail at once) until the next trial is due. */
  private providersDown(): boolean {
    const p = this.providerPause;
    if (!p) return false;
    const wait = Date.parse(p.resumesAt) - Date.now();
    if (wait <= 0) {
      this.providerPause = undefined;
      return false;
    }
    this.wakeIn(wait + 10);
    return true;
  }

  /** A task stopped by open circuits: not its fault; the agent waits for the next trial. */
  circuitOpen(err: ModelCallError): void {
    const agent = this.ctx.config.name;
    const resumesAt = new Date(Math.max(Date.now() + 100, err.retryAt ?? Date.now() + 1000)).toISOString();
    const reason = 'every model provider is failing (circuit open); tasks wait in queue.md for the next trial';
    if (this.providerPause?.reason !== reason) {
      this.ctx.events.emitEvent({ type: 'agent.paused', agent, reason, resumesAt });
      this.ctx.log.warn({ agent, resumesAt }, `paused: ${redactText(err.message)}`);
    }
    this.providerPause = { reason, resumesAt };
  }
}
