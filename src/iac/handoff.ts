// A handoff (a pipe between agents): the new task lands in the target's queue.md with its
// origin and a message TTL; shared/iac/handoffs/<id>.md records it with provenance. Bounded:
// a chain of handoffs from the task a person queued is at most iac.max_hops long, never
// returns to an agent already on it, never hands work to its own sender, and each hop runs one
// priority step lower than its source, so handed-on work never outranks fresh work. Pure.
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import type { FileChange, NewTask, Priority, QueueTask } from '../store/index.ts';

/** Where a task stands on a chain of handoffs (fields of the task, never parts of its id). */
export interface HandoffChain {
  /** Handoffs so far (0 for a task a person queued). */
  hops: number;
  /** Agents that worked on this chain, the current one last. */
  agents: string[];
  /** `agent/task` where the chain began. */
  root: string;
}

export function chainOf(agent: string, task: QueueTask): HandoffChain {
  const x = task.extra ?? {};
  const hops = typeof x.hops === 'number' && Number.isInteger(x.hops) && x.hops >= 0 ? x.hops : 0;
  const before = Array.isArray(x.chain) ? x.chain.map(String) : [];
  return { hops, agents: before.at(-1) === agent ? before : [...before, agent], root: typeof x.root === 'string' ? x.root : `${agent}/${task.id}` };
}

/** Why this handoff may not happen, or undefined. `to` is undefined while the target is still to be dispatched. */
export function handoffRefusal(from: string, to: string | undefined, c: HandoffChain, maxHops: number): string | undefined {
  if (to === from) return `self-handoff refused: ${from} named itself as the receiver; do the work, or name another agent`;
  if (c.hops >= maxHops) {
    return maxHops === 0
      ? 'handoffs are off (iac.max_hops is 0)'
      : `hop limit reached: this work began at ${c.root} and was handed on ${c.hops} time(s) already (iac.max_hops is ${maxHops}); finish it here`;
  }
  if (to !== undefined && c.agents.includes(to)) return `cycle refused: ${to} already worked on this chain (${c.agents.join(' → ')}); handing it back would loop`;
  return undefined;
}

const LOWER: Record<Priority, Priority> = { high: 'normal', normal: 'low', low: 'low' };

/** Short and unique, whatever the chain: depth and origin are fields of the task, not its id. */
export function handoffId(now: Date): string {
  return `handoff-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(4).toString('hex')}`;
}

export function handoffTask(from: string, task: QueueTask, text: string, ttlSeconds: number, now: Date): NewTask {
  const c = chainOf(from, task);
  return {
    id: handoffId(now),
    task: text,
    priority: LOWER[task.priority],
    created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    extra: { origin: `${from}/${task.id}`, root: c.root, hops: c.hops + 1, chain: c.agents, handed_at: now.toISOString(), ttl_seconds: ttlSeconds },
  };
}

export function handoffRecord(from: string, to: string, fromTask: string, next: NewTask, now: Date): FileChange {
  const x = next.extra ?? {};
  const front = {
    task: next.id, from, from_task: fromTask, to, status: 'handed', handed_at: now.toISOString(), ttl_seconds: x.ttl_seconds ?? null,
    priority: next.priority, hops: x.hops ?? 1, root: x.root ?? `${from}/${fromTask}`, chain: x.chain ?? [from],
  };
  return { op: 'write', path: `iac/handoffs/${next.id}.md`, content: `---\n${stringify(front)}---\n# Handoff ${fromTask} → ${to}\n\n${next.task.trim()}\n` };
}

/** The record of a refused handoff: what was asked, by whom, and why it did not happen. */
export function refusalRecord(from: string, to: string, fromTask: string, c: HandoffChain, text: string, reason: string, now: Date): { id: string; change: FileChange } {
  const id = handoffId(now);
  const front = { task: id, from, from_task: fromTask, to, status: 'refused', reason, at: now.toISOString(), hops: c.hops, root: c.root, chain: c.agents };
  return { id, change: { op: 'write', path: `iac/handoffs/${id}.md`, content: `---\n${stringify(front)}---\n# Handoff refused: ${fromTask} → ${to}\n\n${reason}\n\nAsked for:\n\n${text.trim()}\n` } };
}
