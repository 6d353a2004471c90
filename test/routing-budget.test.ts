// The daily budget: the agent pauses with a clear reason (status, API), tasks stay queued,
// and spend never passes the budget by more than one model request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentStatus } from '../src/kernel/index.ts';
import type { CallLine } from '../src/models/index.ts';
import { testApp } from './support/api.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { report, startRouting } from './support/routing-harness.ts';

// $1000 per million tokens in and out, 1000 + 1000 tokens a request: $2 a request.
const YAML = (u: Record<string, string>) => `models:
  tiers:
    cheap-fast: { model: pricey, base_url: ${u.m}, price: { input: 1000, output: 1000 } }
    balanced: { model: pricey, base_url: ${u.m}, price: { input: 1000, output: 1000 } }
    strongest: { model: pricey, base_url: ${u.m}, price: { input: 1000, output: 1000 } }
agents:
  - name: orion
    persona: "Backend engineer."
    models: { daily_budget_usd: 5 }
`;
const usage = { inputTokens: 1000, outputTokens: 1000 };
const task = (id: string) => ({ id, task: `task ${id}`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z' });

test('a spent daily budget pauses the agent mid-task; the reason shows in status and the API', async () => {
  const h = await startRouting({
    servers: {
      // Two requests per task: a tool call, then the report.
      m: (req) => (req.messages.some((x) => x.role === 'tool')
        ? { ...report({ skill: null }), usage } as never
        : { toolCalls: [{ name: 'list_files', args: {} }], usage }),
    },
    yaml: YAML,
  });
  try {
    for (const id of ['b1', 'b2', 'b3']) await h.runtime.enqueue('orion', task(id));
    await h.runtime.drain();
    // b1: $2 + $2 = $4, committed. b2: its first request starts under $5 ($4 → $6), its second is refused.
    assert.equal(h.servers.m.requests.length, 3);
    const committed = h.ledger().filter((l): l is CallLine => l.kind === 'call');
    assert.equal(committed.length, 2);
    const status = await agentStatus(h.dir, h.runtime.worker('orion').ctx.config);
    assert.deepEqual(status.queued.map((q) => q.id), ['b2', 'b3'], 'the tasks stay queued');
    assert.equal(status.budget.spentUsd, 6, 'the refused task’s request counts (pending ledger)');
    assert.ok(status.budget.spentUsd - 5 <= 2, 'overshoot at most one request');
    assert.equal(status.budget.paused, true);
    assert.match(status.budget.reason!, /daily budget reached: \$6\.0000 spent of \$5\.00 on \d{4}-\d{2}-\d{2} \(UTC\); resumes at \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
    const paused = h.events.filter((e) => e.type === 'agent.paused');
    assert.equal(paused.length, 1);
    assert.ok(h.logs.some((l) => /paused: daily budget reached/.test(l)));

    const app = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() });
    const detail = await (await app.request('/agents/orion')).json() as { budget: { paused: boolean }; paused: { reason: string } };
    assert.equal(detail.budget.paused, true);
    assert.match(detail.paused.reason, /daily budget reached/);
    const list = await (await app.request('/agents')).json() as { agents: { paused: { reason: string } | null }[] };
    assert.match(list.agents[0].paused!.reason, /daily budget reached/);

    // Draining again does not spend: the agent stays paused.
    await h.runtime.drain();
    assert.equal(h.servers.m.requests.length, 3);
  } finally {
    await h.close();
  }
});

test('a token budget pauses an agent whose models have no price', async () => {
  const h = await startRouting({
    servers: { m: () => ({ ...report({ skill: null }), usage }) as never },
    yaml: () => `agents:\n  - name: orion\n    persona: p\n    models: { daily_budget_tokens: 3000 }\n`,
  });
  try {
    for (const id of ['t1', 't2', 't3']) await h.runtime.enqueue('orion', task(id));
    await h.runtime.drain();
    assert.equal(h.servers.m.requests.length, 2, '2000 tokens < 3000: a second request; 4000 ≥ 3000: stop');
    const status = await agentStatus(h.dir, h.runtime.worker('orion').ctx.config);
    assert.match(status.budget.reason!, /daily token budget reached: 4000 tokens of 3000/);
    assert.equal(status.budget.unpricedCalls, 2);
    assert.equal(h.rewards()[0].cost, null, 'no price: cost unknown, tokens recorded');
  } finally {
    await h.close();
  }
});
