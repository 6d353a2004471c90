// Deciding over HTTP while the agent's worker runs: the worker may take a decision (and remove
// the request) the moment it is written. The API must still answer 200 with the decision it
// applied, and a second decision is a 409, also once the task has moved on.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { agentStatus } from '../src/kernel/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { ApprovalStore, type ApprovalRequest, type Decision, type RequestView } from '../src/tools/index.ts';
import { testApp } from './support/api.ts';
import { report, startHarness } from './support/harness.ts';

type DecideInput = Parameters<ApprovalStore['decide']>[1];

/** A store whose "worker" takes every label decision as soon as it is written, as AgentWorker.drain does. */
class EagerWorkerStore extends ApprovalStore {
  override async decideRequest(id: string, d: DecideInput): Promise<{ decision: Decision; request: RequestView }> {
    const r = await super.decideRequest(id, d);
    await this.removeLabel(r.request.agent, id); // what AgentTools.takeLabels does after committing the label
    return r;
  }
}

const label = (id: string, task: string): ApprovalRequest => ({
  id, kind: 'label', agent: 'orion', task, question: `Label the outcome of task ${task}`,
  created: new Date().toISOString(), expires: new Date(Date.now() + 3_600_000).toISOString(),
});

test('approve answers 200 with the decision even when the worker took it at once; a repeat is 409', { timeout: 30_000 }, async (t) => {
  const h = await startHarness({ script: () => report() });
  t.after(() => h.close());
  const store = new EagerWorkerStore(h.dir, () => {}, 2);
  const api = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger(), approvals: store });
  for (const [i, id] of ['apr-0000000000a1', 'apr-0000000000a2', 'apr-0000000000a3'].entries()) await store.saveLabelRequest(label(id, `t${i}`));

  const res = await api.request('/approvals/apr-0000000000a1/approve', { method: 'POST', body: JSON.stringify({ label: 'correct', reason: 'checked' }) });
  assert.equal(res.status, 200, 'the decision was applied: not a 404 because the worker was quicker');
  const d = (await res.json()) as Decision;
  assert.deepEqual([d.id, d.decision, d.label, d.by, d.reason], ['apr-0000000000a1', 'approved', 'correct', 'api', 'checked']);
  assert.equal((await store.list('orion')).some((v) => v.id === 'apr-0000000000a1'), false, 'the worker took it');

  for (const verb of ['approve', 'deny']) {
    const again = await api.request(`/approvals/apr-0000000000a1/${verb}`, { method: 'POST', body: JSON.stringify({ label: 'incorrect' }) });
    assert.equal(again.status, 409, `a second ${verb} after the task moved on`);
    const body = (await again.json()) as { code: string; error: string };
    assert.equal(body.code, 'ALREADY_DECIDED');
    assert.match(body.error, /already approved by api at .*moved on/);
  }
  // A decision still pending pickup: 409 too.
  await ApprovalStore.prototype.decideRequest.call(store, 'apr-0000000000a2', { decision: 'denied', by: 'cli' });
  assert.equal((await api.request('/approvals/apr-0000000000a2/approve', { method: 'POST', body: JSON.stringify({ label: 'x' }) })).status, 409);

  // Kept decisions are bounded (here 2): the oldest goes first.
  await store.removeLabel('orion', 'apr-0000000000a2');
  assert.equal((await api.request('/approvals/apr-0000000000a3/deny', { method: 'POST' })).status, 200);
  const kept = readdirSync(path.join(h.dir, '.agentos', 'approvals', 'orion', 'decided')).sort();
  assert.equal(kept.length, 2, `at most 2 kept: ${kept.join(', ')}`);
  assert.ok(existsSync(path.join(h.dir, '.agentos', 'approvals', 'orion', 'decided', 'apr-0000000000a3.decision.json')), 'the newest is kept');
  assert.equal(h.server.requests.length, 0);
});
