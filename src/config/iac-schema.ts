// agents.yaml `iac:` (seed 001's comment): message TTL, backpressure by throughput class,
// and the quorum rules of consensus on shared truths (seed 000).
import { z } from 'zod';

export const THROUGHPUT_CLASSES = ['slow', 'medium', 'fast'] as const;
export type ThroughputClass = (typeof THROUGHPUT_CLASSES)[number];

const depth = z.int().min(1).max(100_000);

export const IacSchema = z
  .object({
    default_message_ttl: z.int().min(1).optional(),
    /** How many times work may be handed on from the task a person queued (0: no handoffs). */
    max_hops: z.int().min(0).max(64).optional(),
    /** Seed 001 names it; dead letters always go to DATA/shared/iac/dead_letters/ (accepted, not configurable). */
    dead_letter_path: z.string().optional(),
    backpressure: z
      .object({
        enabled: z.boolean(),
        // A number is the medium class's depth (slow half, fast double); a map sets each class.
        max_queue_depth_per_agent: z.union([depth, z.object({ slow: depth, medium: depth, fast: depth }).partial()]),
        retry_after_seconds: z.int().min(1).max(86_400),
      })
      .partial()
      .optional(),
    consensus: z
      .object({
        min_voters: z.int().min(1).max(100),
        majority: z.number().gt(0.5).max(1),
        voters: z.union([z.literal('all'), z.array(z.string())]),
        ttl_seconds: z.int().min(1),
        share: z.enum(['marked', 'all', 'none']),
      })
      .partial()
      .optional(),
  })
  .partial();

export interface IacPolicy {
  /** Seconds an inbox message (a handoff) may wait before it is dead-lettered. */
  defaultMessageTtl: number;
  /** Handoffs allowed along one chain from the task a person queued (iac.max_hops). */
  maxHops: number;
  /** Infinity when backpressure.enabled is false. */
  maxQueueDepth: Record<ThroughputClass, number>;
  retryAfterSeconds: number;
  consensus: {
    minVoters: number;
    /** Share of yes among yes+no needed to accept (abstentions count toward min_voters only). */
    majority: number;
    voters: 'all' | string[];
    ttlSeconds: number;
    /** Which promoted beliefs become proposals: those tagged `shareable`, all, or none. */
    share: 'marked' | 'all' | 'none';
  };
}

export const DEFAULT_IAC_POLICY: IacPolicy = {
  defaultMessageTtl: 3600,
  maxHops: 4,
  maxQueueDepth: { slow: 5, medium: 20, fast: 100 },
  retryAfterSeconds: 30,
  consensus: { minVoters: 2, majority: 0.66, voters: 'all', ttlSeconds: 86_400, share: 'marked' },
};

/**
 * The section resolved for these agents. Without `min_voters`, the default is 2 where two agents
 * besides the proposer can vote, else 1: with two agents the one other agent decides (a default
 * of 2 could never be met, since a proposer does not vote on its own proposal).
 */
export function resolveIacPolicy(raw: z.infer<typeof IacSchema> | undefined, agents: string[] = []): IacPolicy {
  const d = DEFAULT_IAC_POLICY;
  const c = raw?.consensus ?? {};
  const voters = c.voters ?? d.consensus.voters;
  const defaultMin = agents.length ? Math.max(1, Math.min(d.consensus.minVoters, maxEligible(voters, agents))) : d.consensus.minVoters;
  return {
    defaultMessageTtl: raw?.default_message_ttl ?? d.defaultMessageTtl,
    maxHops: raw?.max_hops ?? d.maxHops,
    maxQueueDepth: depths(raw?.backpressure),
    retryAfterSeconds: raw?.backpressure?.retry_after_seconds ?? d.retryAfterSeconds,
    consensus: {
      minVoters: c.min_voters ?? defaultMin,
      majority: c.majority ?? d.consensus.majority,
      voters,
      ttlSeconds: c.ttl_seconds ?? d.consensus.ttlSeconds,
      share: c.share ?? d.consensus.share,
    },
  };
}

function depths(b: NonNullable<z.infer<typeof IacSchema>['backpressure']> | undefined): Record<ThroughputClass, number> {
  if (b?.enabled === false) return { slow: Infinity, medium: Infinity, fast: Infinity };
  const m = b?.max_queue_depth_per_agent;
  if (typeof m === 'number') return { slow: Math.max(1, Math.ceil(m / 2)), medium: m, fast: m * 2 };
  return { ...DEFAULT_IAC_POLICY.maxQueueDepth, ...m };
}

/** Most voters any one proposal can have: the voters who are agents, less the proposer. */
function maxEligible(voters: 'all' | string[], agents: string[]): number {
  const pool = voters === 'all' ? agents : agents.filter((a) => voters.includes(a));
  // A proposer inside the pool does not vote; one outside it (voters names others) loses no one.
  return voters === 'all' || pool.length === agents.length ? Math.max(0, pool.length - 1) : pool.length;
}

/** Why no proposal could ever be accepted with this policy, for the start-up warnings. */
export function consensusWarnings(policy: IacPolicy, agents: string[]): string[] {
  // One agent has no one to share with: nothing to warn about.
  if (policy.consensus.share === 'none' || agents.length < 2) return [];
  const most = maxEligible(policy.consensus.voters, agents);
  const unknown = policy.consensus.voters === 'all' ? [] : policy.consensus.voters.filter((v) => !agents.includes(v));
  const out: string[] = [];
  if (unknown.length) out.push(`iac.consensus.voters names ${unknown.join(', ')}, which agents.yaml does not define: they can only vote as people (agentos vote --as)`);
  if (most < policy.consensus.minVoters) {
    out.push(
      `iac.consensus.min_voters is ${policy.consensus.minVoters}, but a proposal can have at most ${most} eligible agent voter(s) ` +
        `(${agents.length} agent(s); a proposer does not vote on its own proposal): no proposal can be accepted by the agents alone; ` +
        `lower min_voters to ${Math.max(1, most)}${most === 0 ? ' and add an agent' : ''}, or vote as a person with agentos vote --as`,
    );
  }
  return out;
}
