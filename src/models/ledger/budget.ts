// The per-agent daily budget, as a pure rule. The day is the UTC calendar day. The check
// runs before every model request against what is already spent, so a request that starts
// under the budget may finish over it: the overshoot is at most one request.
import { AgentOsError } from '../../errors.ts';

export interface Spend {
  usd: number;
  tokens: number;
  calls: number;
  /** Calls to models without a price: their tokens count, their cost cannot. */
  unpricedCalls: number;
}

export interface BudgetLimits {
  usd?: number;
  tokens?: number;
}

export type BudgetVerdict = { paused: false } | { paused: true; reason: string; resumesAt: string };

export function emptySpend(): Spend {
  return { usd: 0, tokens: 0, calls: 0, unpricedCalls: 0 };
}

export function addSpend(s: Spend, line: { input: number; output: number; cost_usd: number | null }): void {
  s.calls++;
  s.tokens += line.input + line.output;
  if (line.cost_usd === null) s.unpricedCalls++;
  else s.usd += line.cost_usd;
}

export function nextUtcMidnight(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export function budgetVerdict(spent: Spend, limits: BudgetLimits, day: string): BudgetVerdict {
  const resumesAt = nextUtcMidnight(day);
  if (limits.usd !== undefined && spent.usd >= limits.usd) {
    return { paused: true, resumesAt, reason: `daily budget reached: $${spent.usd.toFixed(4)} spent of $${limits.usd.toFixed(2)} on ${day} (UTC); resumes at ${resumesAt}` };
  }
  if (limits.tokens !== undefined && spent.tokens >= limits.tokens) {
    return { paused: true, resumesAt, reason: `daily token budget reached: ${spent.tokens} tokens of ${limits.tokens} on ${day} (UTC); resumes at ${resumesAt}` };
  }
  return { paused: false };
}

export class BudgetExceededError extends AgentOsError<'BUDGET_EXCEEDED'> {
  readonly resumesAt: string;
  constructor(agent: string, reason: string, resumesAt: string) {
    super('BUDGET_EXCEEDED', `agent ${agent} paused: ${reason}`);
    this.resumesAt = resumesAt;
  }
}
