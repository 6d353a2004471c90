// The daemon's HTTP API, in process (Hono's app.request): real handlers, real runtime.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentStatus } from '../src/kernel/index.ts';
import { createApp } from '../src/server/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { report, startHarness } from './support/harness.ts';

async function withApp(fn: (app: ReturnType<typeof createApp>, h: Awaited<ReturnType<typeof startHarness>>) => Promise<void>) {
  const h = await startHarness({ script: () => report() });
  const app = createApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() });
  try {
    await fn(app, h);
  } finally {
    await h.close();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();
const post = (body: string, type = 'application/json') => ({ method: 'POST', body, headers: { 'content-type': type } });

test('GET /healthz and GET /agents', () =>
  withApp(async (app) => {
    const health = await app.request('/healthz');
    assert.equal(health.status, 200);
    assert.equal((await json(health)).status, 'ok');
    const agents = await json(await app.request('/agents'));
    assert.deepEqual(agents.agents.map((a: { name: string }) => a.name), ['orion']);
  }));

test('POST /agents/:name/tasks queues a task that then runs', () =>
  withApp(async (app, h) => {
    const res = await app.request('/agents/orion/tasks', post(JSON.stringify({ task: 'Summarise the API', id: 'api-1', priority: 'high' })));
    assert.equal(res.status, 201);
    assert.deepEqual(await json(res).then((b) => [b.id, b.priority]), ['api-1', 'high']);
    await h.runtime.drain();
    const detail = await json(await app.request('/agents/orion'));
    assert.equal(detail.lastCommit.subject, 'orion(task): api-1');
    assert.equal(detail.queued.length, 0);
  }));

test('bad requests get a 4xx and a message that says what to change', () =>
  withApp(async (app) => {
    const cases: [string, RequestInit, number, RegExp][] = [
      ['/agents/orion/tasks', post('{not json'), 400, /not valid JSON/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: '' })), 400, /task must not be empty/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: 'x', priority: 'urgent' })), 400, /priority/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: 'x', id: '../etc' })), 400, /id:/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: 'x', colour: 'red' })), 400, /colour/],
      ['/agents/nobody/tasks', post(JSON.stringify({ task: 'x' })), 404, /no agent named "nobody"/],
      ['/agents/nobody', {}, 404, /no agent named/],
      ['/nowhere', {}, 404, /no route GET \/nowhere/],
    ];
    for (const [url, init, status, message] of cases) {
      const res = await app.request(url, init);
      assert.equal(res.status, status, url);
      assert.match((await json(res)).error, message);
    }
  }));

test('a duplicate task id is refused with 409', () =>
  withApp(async (app) => {
    const body = JSON.stringify({ task: 'x', id: 'same' });
    assert.equal((await app.request('/agents/orion/tasks', post(body))).status, 201);
    const again = await app.request('/agents/orion/tasks', post(body));
    assert.equal(again.status, 409);
    assert.match((await json(again)).error, /same/);
  }));
