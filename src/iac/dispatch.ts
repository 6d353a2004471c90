// Dispatch by agent card (seed 004): a task without an agent goes to the best match of its
// words against each card (domain, skills, hints, recent topics), nudged by reputation, never
// to an agent whose queue is full. Pure: cards are built from files by cards.ts.
import { AgentOsError } from '../errors.ts';
import type { Reputation } from './reputation.ts';

export interface AgentCard {
  name: string;
  domain: string;
  persona: string;
  hints: string[];
  skills: { name: string; description: string }[];
  /** Context tags of recent tasks (what it has been doing). */
  topics: string[];
  reputation: Reputation;
  queued: number;
  maxQueue: number;
}

export interface DispatchChoice {
  agent: string;
  score: number;
  why: string;
}

const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'into', 'are', 'was', 'you', 'your', 'all', 'any', 'its', 'not', 'but', 'use', 'how', 'what', 'when', 'which']);

export function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w)).map(stem));
}

function stem(w: string): string {
  return w.length > 4 ? w.replace(/(ing|ed|es|s)$/, '') : w;
}

function overlap(task: Set<string>, text: string): string[] {
  return [...words(text)].filter((w) => task.has(w));
}

/** Ranks every card for the task, best first; full queues rank last with score -Infinity. */
export function rankCards(task: string, cards: readonly AgentCard[], capability?: string): DispatchChoice[] {
  const want = words(capability ? `${capability} ${task}` : task);
  return cards
    .map((c) => {
      if (c.queued >= c.maxQueue) return { agent: c.name, score: -Infinity, why: `queue full (${c.queued}/${c.maxQueue})` };
      const parts: [string, string[], number][] = [
        ['domain', overlap(want, c.domain), 3],
        ['skills', overlap(want, c.skills.map((s) => `${s.name} ${s.description}`).join(' ')), 2],
        ['hints', overlap(want, `${c.persona} ${c.hints.join(' ')}`), 1],
        ['topics', overlap(want, c.topics.join(' ')), 1],
      ];
      const match = parts.reduce((s, [, hits, w]) => s + hits.length * w, 0) / Math.max(1, Math.sqrt(want.size));
      const score = match + 0.5 * c.reputation.score - 0.05 * (c.queued / Math.max(1, c.maxQueue));
      const why = parts.filter(([, hits]) => hits.length).map(([k, hits]) => `${k}: ${hits.slice(0, 4).join(', ')}`).join('; ') || 'no word in common';
      return { agent: c.name, score: Math.round(score * 1000) / 1000, why: `${why}; reputation ${c.reputation.score.toFixed(2)}` };
    })
    .sort((a, b) => b.score - a.score || a.agent.localeCompare(b.agent));
}

export class NoAgentError extends AgentOsError<'NO_AGENT'> {
  constructor(reason: string) {
    super('NO_AGENT', `no agent can take the task: ${reason}`);
  }
}

export function chooseAgent(task: string, cards: readonly AgentCard[], capability?: string): DispatchChoice {
  const [best] = rankCards(task, cards, capability);
  if (!best) throw new NoAgentError('no agents are configured');
  if (best.score === -Infinity) throw new NoAgentError(`every queue is full (${cards.map((c) => `${c.name} ${c.queued}/${c.maxQueue}`).join(', ')})`);
  return best;
}
