// Fitting ranked candidates into a token budget. Pure: the same inputs give the same context.

export interface Candidate {
  id: string;
  source: string;
  tokens: number;
  score: number;
  /** Why it ranked where it did, for context.md. */
  why: string;
}

export interface Fitted<C extends Candidate> {
  included: (C & { reason: string })[];
  excluded: (C & { reason: string })[];
  used: number;
}

export interface FitOptions {
  budget: number;
  /** Candidates scoring below this share of the best are left out as noise. */
  minRelative: number;
  maxItems: number;
}

/** Greedy by score; an item that does not fit is skipped and smaller ones may still fit. */
export function fitToBudget<C extends Candidate>(ranked: C[], opts: FitOptions): Fitted<C> {
  const included: (C & { reason: string })[] = [];
  const excluded: (C & { reason: string })[] = [];
  const best = ranked[0]?.score ?? 0;
  const cutoff = best * opts.minRelative;
  let used = 0;
  for (const c of ranked) {
    if (c.score < cutoff) {
      excluded.push({ ...c, reason: `low relevance: score ${c.score.toFixed(2)} < ${Math.round(opts.minRelative * 100)}% of the best (${best.toFixed(2)})` });
    } else if (included.length >= opts.maxItems) {
      excluded.push({ ...c, reason: `over the ${opts.maxItems}-item limit (score ${c.score.toFixed(2)})` });
    } else if (used + c.tokens > opts.budget) {
      excluded.push({ ...c, reason: `over budget: needs ${c.tokens} tokens, ${Math.max(0, opts.budget - used)} left` });
    } else {
      used += c.tokens;
      included.push({ ...c, reason: c.why });
    }
  }
  return { included, excluded, used };
}
