// `agentos status --redis URL`: the cluster as Redis sees it — live workers, each agent's lease
// (who holds it, for how much longer), its queue by state, and the last failed tasks.
import type { Producer } from './producer.ts';
import { keys } from './keys.ts';
import type { WorkerBeat } from './intake.ts';

export interface AgentQueueStatus {
  agent: string;
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
  lease: { task: string; worker: string; expiresInMs: number } | null;
  /** The last failed tasks (kept in Redis: `agentos status` shows them, nothing is dropped). */
  lastFailed: { task: string; reason: string }[];
}

export interface ClusterStatus {
  workers: WorkerBeat[];
  /** Live workers whose heartbeat another AgentOS version wrote (listed by count only). */
  otherVersions: number;
  agents: AgentQueueStatus[];
}

/** Bounds on what status reads: workers listed, failed tasks shown per agent. */
const MAX_WORKERS = 1000;
const FAILED_SHOWN = 3;

export async function clusterStatus(p: Producer, prefix: string): Promise<ClusterStatus> {
  const workers: WorkerBeat[] = [];
  let otherVersions = 0;
  let cursor = '0';
  do {
    const [next, found] = await p.call(() => p.redis.scan(cursor, 'MATCH', keys.workerPattern(prefix), 'COUNT', 200));
    cursor = next;
    const values = found.length ? await p.call(() => p.redis.mget(found)) : [];
    for (const v of values) {
      const beat = v ? (JSON.parse(v) as Partial<WorkerBeat>) : undefined;
      if (beat?.v === 1) workers.push(beat as WorkerBeat);
      else if (beat) otherVersions++;
    }
  } while (cursor !== '0' && workers.length < MAX_WORKERS);
  workers.sort((a, b) => a.id.localeCompare(b.id));
  const byBull = new Map(workers.flatMap((w) => w.bullIds.map((b) => [b, w.id] as const)));
  const agents: AgentQueueStatus[] = [];
  for (const agent of [...(await p.registry()).keys()].sort()) {
    const q = p.queue(agent);
    const c = await p.call(() => q.getJobCounts('wait', 'prioritized', 'delayed', 'active', 'completed', 'failed'));
    let lease: AgentQueueStatus['lease'] = null;
    const [active] = await p.call(() => q.getJobs(['active'], 0, 0));
    if (active?.id) {
      const lockKey = `${prefix}:${q.name}:${active.id}:lock`;
      const [token, ttl] = await p.call(() => Promise.all([p.redis.get(lockKey), p.redis.pttl(lockKey)]));
      const bull = token?.split(':')[0] ?? '';
      lease = { task: String(active.id), worker: byBull.get(bull) ?? (token ? `unknown (${bull})` : 'none: expired, reclaimed at the next stalled check'), expiresInMs: Math.max(0, ttl) };
    }
    const failed = await p.call(() => q.getJobs(['failed'], 0, FAILED_SHOWN - 1));
    agents.push({
      agent, waiting: (c.wait ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0,
      completed: c.completed ?? 0, failed: c.failed ?? 0, lease,
      lastFailed: failed.map((j) => ({ task: String(j.id), reason: j.failedReason ?? '' })),
    });
  }
  return { workers, otherVersions, agents };
}

export function formatClusterStatus(s: ClusterStatus): string {
  const lines = [`workers (${s.workers.length}):`];
  for (const w of s.workers) {
    const running = Object.entries(w.running).map(([a, t]) => `${a}:${t}`).join(', ') || 'idle';
    lines.push(`  ${w.id}  pid ${w.pid} on ${w.host}, since ${w.startedAt}, ${w.agents} agent(s), redis ${w.redis}; running: ${running}`);
  }
  if (s.otherVersions) lines.push(`  and ${s.otherVersions} of another AgentOS version (upgrade them to see their details)`);
  if (!s.workers.length && !s.otherVersions) lines.push('  none alive (start one: agentos run --redis URL --remote DIR --data DIR)');
  lines.push('', 'agents:', '  agent                 waiting delayed active completed failed  lease');
  for (const a of s.agents) {
    const lease = a.lease ? `${a.lease.task} on ${a.lease.worker} (${Math.round(a.lease.expiresInMs / 100) / 10} s left)` : '-';
    lines.push(`  ${a.agent.padEnd(20)} ${String(a.waiting).padStart(8)} ${String(a.delayed).padStart(7)} ${String(a.active).padStart(6)} ${String(a.completed).padStart(9)} ${String(a.failed).padStart(6)}  ${lease}`);
    for (const f of a.lastFailed) lines.push(`    failed: ${f.task}: ${f.reason}`);
  }
  if (!s.agents.length) lines.push('  none registered (a worker registers its agents when it starts)');
  return lines.join('\n');
}
