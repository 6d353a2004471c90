// What /metrics reports at scrape time: queue depth, busy and paused agents, dead letters,
// approvals waiting, world records by kind and status, today's spend and the budgets, breaker
// states and proposals by status — read from the runtime and the files, never from task text.
import { readdir } from 'node:fs/promises';
import { modelsPolicyOf } from '../config/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { loadAgentState } from '../learn/index.ts';
import type { GaugeSnapshot } from '../telemetry/index.ts';
import type { ApprovalStore } from '../tools/index.ts';
import type { Consensus } from '../iac/index.ts';

export async function gaugeSnapshot(runtime: Runtime, approvals?: ApprovalStore, sseClients?: number, consensus?: Consensus): Promise<GaugeSnapshot> {
  const waiting = new Map<string, number>();
  for (const r of approvals ? await approvals.list() : []) if (r.status === 'pending') waiting.set(r.agent, (waiting.get(r.agent) ?? 0) + 1);
  const agents = await Promise.all([...runtime.workers.values()].map(async (w) => {
    const ctx = w.ctx;
    const [queue, dead, state] = await Promise.all([
      ctx.queue.read(),
      readdir(ctx.paths.deadLettersDir).then((n) => n.filter((f) => f.endsWith('.md')).length, () => 0),
      loadAgentState(ctx.paths.root, { cache: ctx.stateCache, quarantine: false }),
    ]);
    const world = new Map<string, { kind: string; status: string; count: number }>();
    for (const r of state.world) {
      const k = `${r.kind}/${r.status}`;
      const e = world.get(k) ?? { kind: r.kind, status: r.status, count: 0 };
      e.count++;
      world.set(k, e);
    }
    const spent = ctx.routing?.book.spentToday();
    const policy = modelsPolicyOf(ctx.config);
    return {
      name: w.name, queued: queue.tasks.length, busy: w.busy, paused: w.paused !== undefined, deadLetters: dead,
      approvalsWaiting: waiting.get(w.name) ?? 0, world: [...world.values()],
      spentUsdToday: spent?.usd ?? 0, tokensToday: spent?.tokens ?? 0,
      budgetUsdDaily: policy.dailyBudgetUsd ?? null, budgetTokensDaily: policy.dailyBudgetTokens ?? null,
    };
  }));
  const breakers = Object.entries(runtime.breakers.snapshot()).map(([endpoint, state]) => ({ endpoint: endpointLabel(endpoint), state }));
  const proposals = new Map<string, number>();
  if (consensus) {
    for (const p of [...(await consensus.list(false)), ...(await consensus.list(true))]) proposals.set(p.status, (proposals.get(p.status) ?? 0) + 1);
  }
  return { agents, breakers, proposals: [...proposals].map(([status, count]) => ({ status, count })), ...(sseClients !== undefined && { sseClients }) };
}

/** "openai-compatible https://user:pw@host:8443/v1" → "openai-compatible host:8443": no path or credentials in a label. */
export function endpointLabel(endpoint: string): string {
  const [provider, url] = endpoint.split(' ', 2);
  try {
    return `${provider} ${new URL(url).host}`;
  } catch {
    return provider;
  }
}
