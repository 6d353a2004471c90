// The cluster's settings: every wait, size and count has a bound here, with its default and the
// flag or variable that sets it (README "Scale out"). Pure: parsing and defaults only.
import { ClusterError } from './errors.ts';

export interface ClusterOptions {
  /** redis://[user:pass@]host:port[/db] (--redis, else $REDIS_URL). */
  redisUrl: string;
  /** Prefix of every Redis key, BullMQ's included ($AGENTOS_REDIS_PREFIX); tests use a fresh one each. */
  prefix: string;
  /** The git remote root: a directory or a URL holding agents/<name>.git and shared.git (--remote). */
  remote?: string;
  /** A directory every worker shares for approvals (checkpoints, decisions); default REMOTE/approvals for a directory remote. */
  approvalsDir?: string;
  /** This worker's id in status (default host-pid-random). */
  workerId?: string;
  /** How long a lease (BullMQ's job lock) lasts unrenewed; renewed every half of it. */
  lockDurationMs: number;
  /** How often a worker looks for leases that expired (stalled jobs) and puts their tasks back. */
  stalledIntervalMs: number;
  /** A task whose worker died this many times is dead-lettered as a crash loop (replaces crash-attempts). */
  maxStalls: number;
  /** Runs of a task that throws before it is dead-lettered; between them an exponential backoff. */
  attempts: number;
  backoffMs: number;
  /** How often a task waiting for `after:` ids is looked at again. */
  afterPollMs: number;
  /** How often a task waiting for a person (approvals) is looked at again. */
  approvalPollMs: number;
  /** How often each agent's queue.md is drained into BullMQ by the agent's owner (0: never). */
  drainIntervalMs: number;
  /** Agents this worker runs at once (a soft cap: others stop fetching while it is reached). */
  concurrency: number;
  /** How often this worker's status is written to Redis (it expires after three missed beats). */
  heartbeatMs: number;
  /** How long stopping waits for tasks in flight before it gives their leases up. */
  stopGraceMs: number;
  /** Pushes of one commit tried (each after a fetch and rebase) before the task fails and is retried. */
  pushAttempts: number;
  /** How long a completed task id is remembered in Redis for `after:` across agents (history answers older ones). */
  doneTtlSeconds: number;
  /** Completed jobs kept per agent queue (for status); failed ones are all kept. */
  keepCompleted: number;
  /** Bound on one Redis command from the API or CLI while Redis is down. */
  redisTimeoutMs: number;
}

export const CLUSTER_DEFAULTS: Omit<ClusterOptions, 'redisUrl'> = {
  prefix: 'agentos',
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalls: 5,
  attempts: 3,
  backoffMs: 1000,
  afterPollMs: 2000,
  approvalPollMs: 5000,
  drainIntervalMs: 10_000,
  concurrency: 8,
  heartbeatMs: 5000,
  stopGraceMs: 30_000,
  pushAttempts: 5,
  doneTtlSeconds: 30 * 86_400,
  keepCompleted: 1000,
  redisTimeoutMs: 5000,
};

const INT_ENV: [keyof ClusterOptions, string, number, number][] = [
  ['lockDurationMs', 'AGENTOS_LEASE_MS', 200, 3_600_000],
  ['stalledIntervalMs', 'AGENTOS_STALLED_CHECK_MS', 50, 3_600_000],
  ['maxStalls', 'AGENTOS_MAX_STALLS', 1, 1000],
  ['attempts', 'AGENTOS_TASK_ATTEMPTS', 1, 100],
  ['backoffMs', 'AGENTOS_TASK_BACKOFF_MS', 0, 3_600_000],
  ['afterPollMs', 'AGENTOS_AFTER_POLL_MS', 50, 3_600_000],
  ['approvalPollMs', 'AGENTOS_APPROVAL_POLL_MS', 50, 3_600_000],
  ['drainIntervalMs', 'AGENTOS_DRAIN_MS', 0, 86_400_000],
  ['concurrency', 'AGENTOS_WORKER_CONCURRENCY', 1, 1000],
  ['heartbeatMs', 'AGENTOS_HEARTBEAT_MS', 50, 600_000],
  ['stopGraceMs', 'AGENTOS_STOP_GRACE_MS', 0, 3_600_000],
  ['pushAttempts', 'AGENTOS_PUSH_ATTEMPTS', 1, 100],
];

/** Options from flags and the environment; a bad value is a ClusterError naming the variable. */
export function clusterOptions(flags: { redis?: string; remote?: string; approvals?: string }, env: Record<string, string | undefined> = process.env): ClusterOptions {
  const redisUrl = flags.redis ?? env.REDIS_URL;
  if (!redisUrl) throw new ClusterError('CLUSTER_CONFIG', 'no Redis: pass --redis redis://HOST:PORT or set REDIS_URL');
  if (!/^rediss?:\/\//.test(redisUrl)) throw new ClusterError('CLUSTER_CONFIG', `--redis ${JSON.stringify(redisUrl)}: expected a redis:// or rediss:// URL`);
  const o: ClusterOptions = { ...CLUSTER_DEFAULTS, redisUrl, remote: flags.remote, approvalsDir: flags.approvals };
  const prefix = env.AGENTOS_REDIS_PREFIX;
  if (prefix !== undefined && prefix !== '') {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new ClusterError('CLUSTER_CONFIG', `AGENTOS_REDIS_PREFIX=${JSON.stringify(prefix)}: letters, digits, "_", "." or "-", at most 64`);
    o.prefix = prefix;
  }
  for (const [key, name, min, max] of INT_ENV) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ClusterError('CLUSTER_CONFIG', `${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
    (o as unknown as Record<string, number>)[key] = n;
  }
  return o;
}
