// agents.yaml keys of the kernel's safety nets (README "Rollback, speculation and supervision"):
// `speculation:` (attempts in forked workspaces) and `supervision:` (the watchdog that pauses an
// agent after a streak of failures). Both at the top level and per agent; the agent's wins.
import { z } from 'zod';

/** The hard ceiling on attempts of one task, whatever agents.yaml says. */
export const SPECULATE_CEILING = 16;

export const SpeculationSchema = z
  .strictObject({
    /** The most attempts one task may ask for with `speculate: N` (queue.md key, API body). */
    max: z.int().min(1).max(SPECULATE_CEILING),
    /** Attempts for risky tasks (tagged `risky`, or any task of an agent whose risk_level is high or critical); 1 turns it off. */
    risky: z.int().min(1).max(SPECULATE_CEILING),
    /**
     * Run a task with `verify:` in a fork even with one attempt, so a failed check (and the cascade's
     * retry on a stronger tier) never touches the real workspace.
     */
    fork_verified: z.boolean(),
    /** A workspace larger than this is not forked: the task runs once, in place (named in its commit). */
    max_fork_mb: z.number().positive().max(100 * 1024),
    /** Entries (files, directories, links) a forked workspace may hold. */
    max_fork_files: z.int().min(1).max(1_000_000),
  })
  .partial();

export const SupervisionSchema = z
  .strictObject({
    /** Consecutive −1 rewards (audited) that pause the agent; 0 turns this off. */
    negative_streak: z.int().min(0).max(1000),
    /** Consecutive dead letters (not counting expired messages) that pause the agent; 0 turns this off. */
    dead_letter_streak: z.int().min(0).max(1000),
    /** Hours the escalation request waits for a person before it expires (the agent stays paused). */
    request_ttl_h: z.number().positive().max(24 * 365),
  })
  .partial();

export interface SpeculationPolicy {
  max: number;
  risky: number;
  forkVerified: boolean;
  maxForkBytes: number;
  maxForkFiles: number;
}

export interface SupervisionPolicy {
  negativeStreak: number;
  deadLetterStreak: number;
  requestTtlMs: number;
}

export const DEFAULT_SPECULATION: SpeculationPolicy = { max: 4, risky: 1, forkVerified: true, maxForkBytes: 256 * 1024 * 1024, maxForkFiles: 20_000 };
export const DEFAULT_SUPERVISION: SupervisionPolicy = { negativeStreak: 3, deadLetterStreak: 3, requestTtlMs: 30 * 24 * 3_600_000 };

type SpecIn = z.infer<typeof SpeculationSchema>;
type SupIn = z.infer<typeof SupervisionSchema>;

export function resolveSpeculation(top: SpecIn | undefined, own: SpecIn | undefined): SpeculationPolicy {
  const s = { ...top, ...own };
  const d = DEFAULT_SPECULATION;
  return {
    max: s.max ?? d.max,
    risky: Math.min(s.risky ?? d.risky, s.max ?? SPECULATE_CEILING),
    forkVerified: s.fork_verified ?? d.forkVerified,
    maxForkBytes: s.max_fork_mb !== undefined ? Math.round(s.max_fork_mb * 1024 * 1024) : d.maxForkBytes,
    maxForkFiles: s.max_fork_files ?? d.maxForkFiles,
  };
}

export function resolveSupervision(top: SupIn | undefined, own: SupIn | undefined): SupervisionPolicy {
  const s = { ...top, ...own };
  const d = DEFAULT_SUPERVISION;
  return {
    negativeStreak: s.negative_streak ?? d.negativeStreak,
    deadLetterStreak: s.dead_letter_streak ?? d.deadLetterStreak,
    requestTtlMs: s.request_ttl_h !== undefined ? Math.round(s.request_ttl_h * 3_600_000) : d.requestTtlMs,
  };
}
