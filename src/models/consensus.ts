// Consensus (seed 000's "strongest multi-agent", seed 002's ConsensusPolicy): several
// strong calls, different models where configured, aggregated by majority or by a judge,
// with the agreement recorded. Aggregation rules are pure; the calls go through callChain.
import { z } from 'zod';
import { callChain, type ChainDeps, type ChainResult } from './call-chain.ts';
import type { TierModel } from './tiers.ts';
import type { GenerateRequest } from './types.ts';

export function normalizeAnswer(text: string): string {
  return text.toLowerCase().replace(/[`*_#>\-]/g, ' ').replace(/\s+/g, ' ').trim();
}

function tokens(text: string): Set<string> {
  return new Set(normalizeAnswer(text).match(/[a-z]+|\d+(?:\.\d+)?/g) ?? []);
}

/** Word-set overlap (Jaccard) of two answers, 1 for identical normalised text. */
export function similarity(a: string, b: string): number {
  if (normalizeAnswer(a).replace(/[.!]+$/, '') === normalizeAnswer(b).replace(/[.!]+$/, '')) return 1;
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / (ta.size + tb.size - inter);
}

/** Two answers agree when they say nearly the same thing. */
export const AGREE_AT = 0.7;

export interface Aggregate {
  /** Index of the chosen answer. */
  index: number;
  /** Share of answers that agree with the chosen one (itself included). */
  agreement: number;
  /** A strict majority agreed. */
  majority: boolean;
}

/** The answer most others agree with; ties go to the one closest to all the rest. */
export function aggregateMajority(answers: string[]): Aggregate {
  const n = answers.length;
  let best = { index: 0, agree: 0, closeness: -1 };
  answers.forEach((a, i) => {
    let agree = 0;
    let closeness = 0;
    answers.forEach((b, j) => {
      const s = i === j ? 1 : similarity(a, b);
      if (s >= AGREE_AT) agree++;
      closeness += s;
    });
    if (agree > best.agree || (agree === best.agree && closeness > best.closeness)) best = { index: i, agree, closeness };
  });
  return { index: best.index, agreement: best.agree / n, majority: best.agree * 2 > n };
}

export function agreementWith(answers: string[], index: number): number {
  return answers.filter((a, j) => j === index || similarity(a, answers[index]) >= AGREE_AT).length / answers.length;
}

const Verdict = z.object({
  choice: z.int().min(1).describe('the number of the best answer'),
  reason: z.string().max(500).describe('one sentence: why'),
});

export interface ConsensusResult<T> {
  chosen: ChainResult<T>;
  voters: ChainResult<T>[];
  agreement: number;
  method: 'majority' | 'judge';
  /** Voters that could not answer, with why. */
  failed: string[];
}

/**
 * `calls` voters; voter i starts its chain at model i of the tier (round robin), so different
 * models vote where the tier lists several. A voter that fails is left out; none answering
 * throws the last voter's error.
 */
export async function runConsensus<T>(
  deps: ChainDeps,
  opts: { models: TierModel[]; fallbacks: TierModel[]; calls: number; aggregate: 'majority' | 'judge'; answerOf: (v: T) => string },
  req: GenerateRequest<T>,
): Promise<ConsensusResult<T>> {
  const voters: ChainResult<T>[] = [];
  const failed: string[] = [];
  let lastError: unknown;
  for (let i = 0; i < opts.calls; i++) {
    const first = opts.models[i % opts.models.length];
    const chain = [first, ...opts.fallbacks.filter((m) => m !== first)];
    try {
      voters.push(await callChain(deps, chain, 'vote', req));
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODEL_CALL_FAILED') throw err;
      lastError = err;
      failed.push((err as Error).message);
    }
  }
  if (voters.length === 0) throw lastError;
  const answers = voters.map((v) => opts.answerOf(v.gen.value));
  const majority = aggregateMajority(answers);
  if (opts.aggregate === 'majority' || majority.agreement === 1 || voters.length === 1) {
    return { chosen: voters[majority.index], voters, agreement: majority.agreement, method: 'majority', failed };
  }
  const judged = await callChain(deps, [opts.models[0], ...opts.fallbacks.filter((m) => m !== opts.models[0])], 'judge', {
    system: 'You judge answers to the same task. Pick the most correct and complete one. Judge the content, not the style.',
    prompt: `${req.prompt}\n\n# Candidate answers\n\n${answers.map((a, i) => `## Answer ${i + 1}\n\n${a}`).join('\n\n')}\n\nReply with the number of the best answer.`,
    schema: Verdict,
    abortSignal: req.abortSignal,
  });
  const index = Math.min(voters.length, Math.max(1, judged.gen.value.choice)) - 1;
  return { chosen: voters[index], voters, agreement: agreementWith(answers, index), method: 'judge', failed };
}
