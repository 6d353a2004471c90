// Per-provider circuit breakers. After `failures` failed calls in a row (each already
// retried) the provider's circuit opens: calls skip it for `cooldownMs`. Then one trial call
// is let through (half-open): success closes the circuit, failure opens it again.
import type { CircuitSettings } from '../config/index.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private consecutive = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private readonly settings: CircuitSettings;
  private readonly now: () => number;

  constructor(settings: CircuitSettings, now: () => number = Date.now) {
    this.settings = settings;
    this.now = now;
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.settings.cooldownMs ? 'half-open' : 'open';
  }

  /** When an open circuit lets a trial through (epoch ms), or undefined when not open. */
  get retryAt(): number | undefined {
    return this.openedAt === undefined ? undefined : this.openedAt + this.settings.cooldownMs;
  }

  /** Whether a call may go out now; in half-open only one trial at a time. */
  tryAcquire(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.consecutive = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  onFailure(): void {
    this.trialInFlight = false;
    this.consecutive++;
    // A failed trial re-opens at once; a closed circuit opens at the threshold.
    if (this.openedAt !== undefined || this.consecutive >= this.settings.failures) this.openedAt = this.now();
  }

  /** A call that was let through but never reached the provider (cancelled, over budget). */
  release(): void {
    this.trialInFlight = false;
  }
}

/** One breaker per provider endpoint, shared by every agent of the runtime. */
export class Breakers {
  private readonly map = new Map<string, CircuitBreaker>();
  readonly settings: CircuitSettings;
  private readonly now: () => number;

  constructor(settings: CircuitSettings, now: () => number = Date.now) {
    this.settings = settings;
    this.now = now;
  }

  get(endpoint: string): CircuitBreaker {
    let b = this.map.get(endpoint);
    if (!b) this.map.set(endpoint, (b = new CircuitBreaker(this.settings, this.now)));
    return b;
  }

  /** Endpoint → state, for status output. */
  snapshot(): Record<string, CircuitState> {
    return Object.fromEntries([...this.map].map(([k, b]) => [k, b.state]));
  }
}
