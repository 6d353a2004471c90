// Metrics of working together (issue 5), computed from shared/ and the runtime's metric log:
// proposal acceptance rate, time to consensus, segment usefulness (retrieved, then the task
// succeeded), handoff latency, dead letters.
import { readdir } from 'node:fs/promises';
import type { IacPolicy } from '../config/index.ts';
import { DEFAULT_IAC_POLICY } from '../config/index.ts';
import { sharedPaths } from '../store/index.ts';
import { Consensus } from './consensus.ts';
import { readMetrics } from './metrics-log.ts';
import { SharedRepo } from './shared-repo.ts';

export interface IacMetrics {
  proposals: { total: number; open: number; accepted: number; rejected: number; expired: number; acceptance_rate: number | null };
  time_to_consensus_s: { mean: number | null; max: number | null };
  segments: { total: number; reopened: number; retrieved_in_tasks: number; useful_rate: number | null };
  handoffs: { total: number; started: number; refused: number; mean_latency_ms: number | null };
  dead_letters: { shared: number };
}

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

export async function iacMetrics(dataDir: string, policy: IacPolicy = DEFAULT_IAC_POLICY): Promise<IacMetrics> {
  const c = new Consensus(new SharedRepo(dataDir), policy, []);
  const all = [...(await c.list(false)), ...(await c.list(true))];
  const n = (s: string) => all.filter((p) => p.status === s).length;
  const decided = all.filter((p) => p.status === 'accepted' || p.status === 'rejected');
  const ttc = decided.filter((p) => p.decided_at).map((p) => (Date.parse(p.decided_at!) - Date.parse(p.created)) / 1000);
  const segs = await c.segments().catch(() => []);
  const log = await readMetrics(dataDir);
  const uses = log.filter((m) => m.type === 'segment_use');
  const started = log.filter((m) => m.type === 'handoff_started');
  let shared = 0;
  try {
    shared = (await readdir(sharedPaths(dataDir).deadLetters)).filter((f) => f.endsWith('.md')).length;
  } catch {
    // no shared repository yet
  }
  return {
    proposals: { total: all.length, open: n('open'), accepted: n('accepted'), rejected: n('rejected'), expired: n('expired'), acceptance_rate: decided.length + n('expired') ? n('accepted') / (decided.length + n('expired')) : null },
    time_to_consensus_s: { mean: mean(ttc), max: ttc.length ? Math.max(...ttc) : null },
    segments: { total: segs.length, reopened: segs.filter((s) => s.status === 'reopened').length, retrieved_in_tasks: uses.length, useful_rate: uses.length ? uses.filter((u) => u.success).length / uses.length : null },
    handoffs: { total: log.filter((m) => m.type === 'handoff').length, started: started.length, refused: log.filter((m) => m.type === 'handoff_refused').length, mean_latency_ms: mean(started.map((m) => m.latency_ms)) },
    dead_letters: { shared },
  };
}

export function formatIacMetrics(m: IacMetrics): string[] {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
  const p = m.proposals;
  return [
    `proposals: ${p.total} (${p.accepted} accepted, ${p.rejected} rejected, ${p.expired} expired, ${p.open} open); acceptance rate ${pct(p.acceptance_rate)}; time to consensus ${m.time_to_consensus_s.mean ?? 'n/a'} s on average`,
    `segments: ${m.segments.total} (${m.segments.reopened} re-opened); retrieved in ${m.segments.retrieved_in_tasks} task(s), ${pct(m.segments.useful_rate)} of them succeeded`,
    `handoffs: ${m.handoffs.total} handed, ${m.handoffs.started} started, ${m.handoffs.refused} refused (hop limit, cycle, self); latency ${m.handoffs.mean_latency_ms ?? 'n/a'} ms on average`,
    `dead letters in shared/: ${m.dead_letters.shared}`,
  ];
}
