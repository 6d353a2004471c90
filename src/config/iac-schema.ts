// agents.yaml `iac:` (seed 001's comment): message TTL, backpressure by throughput class,
// and the quorum rules of consensus on shared truths (seed 000).
import { z } from 'zod';

export const THROUGHPUT_CLASSES = ['slow', 'medium', 'fast'] as const;
export type ThroughputClass = (typeof THROUGHPUT_CLASSES)[number];

const depth = z.int().min(1).max(100_000);

export const IacSchema = z
  .object({
    default_message_ttl: z.int().min(1).optional(),
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
  maxQueueDepth: { slow: 5, medium: 20, fast: 100 },
  retryAfterSeconds: 30,
  consensus: { minVoters: 2, majority: 0.66, voters: 'all', ttlSeconds: 86_400, share: 'marked' },
};

export function resolveIacPolicy(raw: z.infer<typeof IacSchema> | undefined): IacPolicy {
  const d = DEFAULT_IAC_POLICY;
  const c = raw?.consensus ?? {};
  return {
    defaultMessageTtl: raw?.default_message_ttl ?? d.defaultMessageTtl,
    maxQueueDepth: depths(raw?.backpressure),
    retryAfterSeconds: raw?.backpressure?.retry_after_seconds ?? d.retryAfterSeconds,
    consensus: {
      minVoters: c.min_voters ?? d.consensus.minVoters,
      majority: c.majority ?? d.consensus.majority,
      voters: c.voters ?? d.consensus.voters,
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
