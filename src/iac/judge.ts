// A voter judges a proposal against its own world model: one cheap-tier call with the claim,
// the evidence and what the voter itself believes about the topic. A failed call abstains.
import { z } from 'zod';
import type { ModelSettings } from '../config/index.ts';
import type { WorldRecord } from '../learn/index.ts';
import { generateStructured } from '../models/index.ts';
import type { Proposal, VoteValue } from './proposal.ts';

export const VoteReply = z.object({
  vote: z.enum(['yes', 'no', 'abstain']).describe('yes: consistent with what you know; no: it contradicts it; abstain: you cannot tell'),
  reason: z.string().max(400).describe('one sentence: which of your beliefs or which evidence decides it'),
});

export type Judge = (voter: string, p: Proposal, beliefs: WorldRecord[], signal?: AbortSignal) => Promise<{ vote: VoteValue; reason: string }>;

/** The beliefs of a voter that bear on a proposal: same name, or sharing a tag or a word of the subject. */
export function relevantBeliefs(world: WorldRecord[], p: Proposal, max = 8): WorldRecord[] {
  const words = new Set(`${p.topic} ${p.subject}`.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
  const score = (r: WorldRecord) =>
    (r.name === p.topic ? 10 : 0) + r.tags.filter((t) => p.tags.includes(t)).length * 2 + r.name.split('-').filter((w) => words.has(w)).length;
  return world.map((r) => ({ r, s: score(r) })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s).slice(0, max).map((x) => x.r);
}

export function judgeWith(model: (voter: string) => ModelSettings): Judge {
  return async (voter, p, beliefs, signal) => {
    const mine = beliefs.map((b) => `- ${b.name} (${b.status}, confidence ${b.confidence.toFixed(2)}): ${b.claim}`);
    const prompt = [
      `# Vote ${p.id}`, '', `You are ${voter}. Another agent, ${p.proposer}, proposes this as shared knowledge for every agent.`, '',
      `## Subject: ${p.subject}`, '', p.claim, '', '## Its evidence', ...p.evidence.map((e) => `- ${e}`), '',
      '## What you believe about it', ...(mine.length ? mine : ['- nothing yet']), '',
      'Vote yes only if the claim is consistent with your beliefs and its evidence; no if it contradicts them; abstain if you cannot tell.',
    ].join('\n');
    try {
      const settings = model(voter);
      const r = await generateStructured({ ...settings, maxAttempts: Math.min(2, settings.maxAttempts) }, {
        system: 'You review claims other AI agents want to share. You are careful: shared knowledge reaches every agent.',
        prompt, schema: VoteReply, abortSignal: signal,
      });
      return { vote: r.value.vote, reason: r.value.reason.trim() || 'no reason given' };
    } catch (err) {
      return { vote: 'abstain', reason: `could not judge: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
    }
  };
}
