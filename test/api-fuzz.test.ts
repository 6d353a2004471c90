// The HTTP-body fuzzer: hundreds of hostile bodies (fixed seed) against every write route.
// Asserts no 5xx and no crash, no hang (each answer within a bound), nothing lost (every task
// answered 201 is in its queue.md and reads back as sent, none is a block the queue rejects),
// and a clear error for every refusal ({error, code}, the code's status from src/errors.ts).
// The daemon is the real one, tool runtime included: accepted tasks run while the fuzzer goes on,
// and a fuzzed `verify:` runs in the sandbox (or fails closed without bubblewrap), never on the host.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ERROR_MAP } from '../src/errors.ts';
import { agentStatus, type RuntimeEvent } from '../src/kernel/index.ts';
import { QueueFile } from '../src/store/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { dataDirWith, startDaemon } from './support/act-harness.ts';
import { testApp } from './support/api.ts';
import { fuzzBody, seeded } from './support/fuzz-bodies.ts';
import { report } from './support/harness.ts';

const SEED = 0x5eed_0009;
const CASES = Number(process.env.AGENTOS_FUZZ_CASES ?? 600);
/** A case that takes longer than this counts as a hang. */
const HANG_MS = 15_000;

const TWO_AGENTS = `agents:
  - name: orion
    persona: "Backend engineer."
    domain: "Backend engineering"
  - name: revu
    persona: "Code reviewer."
    domain: "Code review"
`;

test(`HTTP-body fuzzer: ${CASES} cases (seed ${SEED.toString(16)}), no 5xx, no crash, no hang, nothing lost, a clear error`, { timeout: 600_000 }, async (t) => {
  const d = dataDirWith(TWO_AGENTS);
  t.after(d.cleanup);
  const daemon = await startDaemon(d.dir, () => report());
  t.after(() => daemon.stop());
  const { runtime } = daemon;
  const events: RuntimeEvent[] = [];
  runtime.events.on('event', (e) => events.push(e));
  const store = daemon.tools.store;
  const api = testApp({ runtime, status: (n) => agentStatus(d.dir, runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger(), approvals: store });
  const pending = Array.from({ length: 20 }, (_, i) => `apr-${(0xf00 + i).toString(16).padStart(12, '0')}`);
  for (const [i, id] of pending.entries()) {
    await store.saveLabelRequest({ id, kind: 'label', agent: i % 2 ? 'revu' : 'orion', task: `t${i}`, question: 'label it', created: new Date().toISOString(), expires: new Date(Date.now() + 3_600_000).toISOString() });
  }
  const r = seeded(SEED);
  const routes = [
    () => '/agents/orion/tasks', () => '/agents/orion/tasks', () => '/agents/revu/tasks', () => '/agents/nobody/tasks',
    () => '/tasks', () => '/tasks',
    () => `/approvals/${pending[Math.floor(r() * pending.length)]}/${r() < 0.5 ? 'approve' : 'deny'}`,
    () => `/approvals/apr-${Math.floor(r() * 1e9)}/approve`,
  ];
  const figures = { cases: 0, crashes: 0, hangs: 0, fivexx: 0, lost: 0, clear: 0, unclear: 0, accepted: 0, committed: 0, deadLettered: 0, stillQueued: 0, byKind: {} as Record<string, { cases: number; accepted: number; clear: number }>, byStatus: {} as Record<string, number> };
  const accepted: { agent: string; id: string; task: string }[] = [];
  const problems: string[] = [];

  for (let i = 0; i < CASES; i++) {
    const url = routes[Math.floor(r() * routes.length)]();
    const { kind, body } = fuzzBody(r);
    figures.cases++;
    const perKind = (figures.byKind[kind] ??= { cases: 0, accepted: 0, clear: 0 });
    perKind.cases++;
    const label = `case ${i} (${kind}, ${url}, ${body.length} bytes)`;
    let timer: NodeJS.Timeout | undefined;
    let res: Response | 'hang';
    try {
      res = await Promise.race([
        api.request(url, { method: 'POST', body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]), headers: { 'content-type': 'application/json' } }),
        new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS))),
      ]);
    } catch (e) {
      figures.crashes++;
      problems.push(`${label}: threw ${(e as Error).message}`);
      continue;
    } finally {
      clearTimeout(timer);
    }
    if (res === 'hang') {
      figures.hangs++;
      problems.push(`${label}: no answer within ${HANG_MS} ms`);
      continue;
    }
    figures.byStatus[res.status] = (figures.byStatus[res.status] ?? 0) + 1;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let answer: any;
    try {
      answer = await res.json();
    } catch {
      answer = undefined;
    }
    // 503 NO_AGENT with Retry-After is backpressure (every queue full), documented, not a failure.
    const backpressure = res.status === 503 && answer?.code === 'NO_AGENT' && res.headers.has('retry-after');
    if (res.status >= 500 && !backpressure) {
      figures.fivexx++;
      problems.push(`${label}: ${res.status} ${JSON.stringify(answer)?.slice(0, 300)}`);
      continue;
    }
    if (res.status < 300) {
      perKind.accepted++;
      if (url.includes('/tasks') && res.status === 201 && typeof answer?.id === 'string') {
        figures.accepted++;
        const sent = JSON.parse(typeof body === 'string' ? body.replace(/^\ufeff/, '') : '{}') as { task: string }; // Fetch's UTF-8 decode drops a BOM
        accepted.push({ agent: answer.agent ?? url.split('/')[2], id: answer.id, task: sent.task.trim() });
      }
      continue;
    }
    const mapped = typeof answer?.code === 'string' ? ERROR_MAP[answer.code] : undefined;
    if (typeof answer?.error === 'string' && answer.error.length >= 10 && mapped?.http === res.status) {
      figures.clear++;
      perKind.clear++;
    }
    else {
      figures.unclear++;
      problems.push(`${label}: unclear refusal ${res.status} ${JSON.stringify(answer)?.slice(0, 300)}`);
    }
  }

  // Nothing lost: every accepted task ran (committed or dead-lettered with its reason) or is still
  // queued and reads back as sent; no block is one the queue would reject.
  await runtime.drain();
  for (const e of events) if (e.type === 'task.rejected') problems.push(`${e.agent}: a queued task was rejected later: ${e.reason}`);
  figures.lost += events.filter((e) => e.type === 'task.rejected').length;
  const closed = new Map(events.flatMap((e) => (e.type === 'task.completed' || e.type === 'task.dead_lettered' ? [[`${e.agent}/${e.task}`, e.type] as const] : [])));
  for (const agent of ['orion', 'revu']) {
    const dir = path.join(d.dir, 'agents', agent);
    const q = new QueueFile(path.join(dir, 'queue.md'), path.join(dir, 'queue.rejected.md'));
    try {
      const { tasks, rejected } = await q.read();
      for (const b of rejected) problems.push(`${agent}: queue.md holds a block the queue rejects: line ${b.line}: ${b.reason}`);
      figures.lost += rejected.length;
      for (const a of accepted.filter((x) => x.agent === agent)) {
        const ran = closed.get(`${agent}/${a.id}`);
        if (ran) {
          if (ran === 'task.completed') figures.committed++;
          else figures.deadLettered++;
          continue;
        }
        const found = tasks.find((x) => x.id === a.id);
        if (found) figures.stillQueued++;
        if (!found || found.task.trim() !== a.task) {
          figures.lost++;
          problems.push(`${agent}: accepted task ${a.id} ${found ? 'reads back changed' : 'is not in queue.md'}`);
        }
      }
    } finally {
      q.close();
    }
  }
  assert.equal((await api.request('/healthz', {}, null)).status, 200, 'still serving');
  console.log(`api-fuzz figures: ${JSON.stringify(figures)}`);
  assert.deepEqual(problems.slice(0, 20), []);
  assert.equal(figures.crashes + figures.hangs + figures.fivexx + figures.lost + figures.unclear, 0);
  assert.ok(figures.accepted > 0 && figures.clear > CASES / 2, 'the fuzzer reached both the handlers and the refusals');
});
