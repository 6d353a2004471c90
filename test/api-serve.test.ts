// The API as `agentos run` serves it, over a real socket: the token is generated on first start
// (and never logged), /healthz is open, the rest needs the token, an oversize upload is cut off
// without being read, and serving beyond loopback without an operator token refuses to start.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { apiTokenFile, readApiToken } from '../src/config/index.ts';
import { startScriptedServer } from '../src/models/index.ts';
import { report, startHarness, tempDataDir } from './support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const clean = (env: Record<string, string>) => {
  const e: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'info', ...env };
  for (const k of ['AGENTOS_API_TOKEN', 'AGENTOS_API_READ_TOKEN', 'AGENTOS_ALLOW_GENERATED_TOKEN', 'AGENTOS_HOST', 'AGENTOS_PORT']) if (!(k in env)) delete e[k];
  return e;
};

/** Uploads `total` bytes and reports the answer and how much was written before the server hung up. */
function upload(url: string, token: string, total: number, chunked: boolean): Promise<{ status: number; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let status = 0;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(!chunked && { 'content-length': String(total) }) };
    const req = http.request(`${url}/agents/orion/tasks`, { method: 'POST', headers });
    const done = () => resolve({ status, sent });
    req.on('response', (r) => {
      status = r.statusCode ?? 0;
      r.resume();
      r.on('end', () => setTimeout(done, 100));
    });
    req.on('error', () => setTimeout(done, 100));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const write = () => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

test('agentos run: token generated on first start, never logged; /healthz open; the rest needs it; oversize uploads cut off', { timeout: 90_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const model = await startScriptedServer({ format: 'openai', script: () => report() });
  t.after(() => model.close());
  const child = spawn(process.execPath, [BIN, 'run', '--data', dir, '--port', '0'], { env: clean({ LLM_BASE_URL: model.url, LLM_MODEL: 'scripted' }) });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  t.after(() => child.kill('SIGKILL'));
  let url = '';
  for (let i = 0; i < 1200 && !url; i++) {
    url = /HTTP API on (http:\/\/[^;"\s]+)/.exec(stderr)?.[1] ?? '';
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(url, `the daemon said where it listens: ${stderr}`);
  const token = readApiToken(dir, {});
  assert.ok(token, 'the CLI finds the generated token');
  assert.equal(statSync(apiTokenFile(dir)).mode & 0o777, 0o600);
  assert.match(stderr, /the token is in .*api-token \(generated now\)/);

  assert.equal((await fetch(`${url}/healthz`)).status, 200);
  const refused = await fetch(`${url}/agents`);
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('www-authenticate'), 'Bearer realm="agentos"');
  assert.equal((await fetch(`${url}/agents`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  const queue = path.join(dir, 'agents', 'orion', 'queue.md');
  const before = readFileSync(queue);
  for (const chunked of [false, true]) {
    const r = await upload(url, token, 200 * 1024 * 1024, chunked);
    // The 413 arrives while the client is still writing; a client busy writing may see the
    // hang-up (EPIPE, reset) before it reads the answer. Either way the upload was refused early.
    assert.ok(r.status === 413 || r.status === 0, `chunked=${chunked}: status ${r.status}`);
    assert.ok(r.sent < 32 * 1024 * 1024, `the server hung up long before 200 MB (chunked=${chunked}: ${r.sent} bytes written)`);
  }
  assert.deepEqual(readFileSync(queue), before);
  assert.equal((await fetch(`${url}/healthz`)).status, 200, 'still serving');
  const ownOrigin = await fetch(`${url}/agents/orion/tasks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: url }, body: JSON.stringify({ task: 'hello', id: 'from-page' }) });
  assert.equal(ownOrigin.status, 201, 'a page served from the API\'s own origin may write');
  const foreign = await fetch(`${url}/agents/orion/tasks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'http://evil.example' }, body: '{"task":"x"}' });
  assert.equal(foreign.status, 403);


  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.ok(!stderr.includes(token), 'the token never reaches the log');
});

test('agentos run beyond loopback without an operator token refuses to start (exit 3) and opens nothing', () => {
  const { dir, cleanup } = tempDataDir();
  try {
    for (const args of [['--host', '0.0.0.0'], ['--host', '192.168.1.10']]) {
      const r = spawnSync(process.execPath, [BIN, 'run', '--data', dir, '--port', '0', ...args], { encoding: 'utf8', env: clean({}), timeout: 30_000 });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /refusing to serve the HTTP API on .*without a token you chose: set AGENTOS_API_TOKEN/);
    }
    const env = spawnSync(process.execPath, [BIN, 'run', '--data', dir, '--port', '0'], { encoding: 'utf8', env: clean({ AGENTOS_HOST: '0.0.0.0' }), timeout: 30_000 });
    assert.equal(env.status, 3, 'AGENTOS_HOST counts as well');
    const weak = spawnSync(process.execPath, [BIN, 'run', '--data', dir, '--host', '0.0.0.0'], { encoding: 'utf8', env: clean({ AGENTOS_API_TOKEN: 'secret' }), timeout: 30_000 });
    assert.equal(weak.status, 3);
    assert.match(weak.stderr, /AGENTOS_API_TOKEN: an API token must be at least 32 characters/);
    assert.ok(!weak.stderr.includes('secret'));
    assert.equal(existsSync(apiTokenFile(dir)), false, 'no token file, no lock, no repositories');
    assert.equal(existsSync(path.join(dir, 'agents')), false);
  } finally {
    cleanup();
  }
});

test('agentos enqueue of an id the agent already completed is a conflict (exit 8), not a block rejected later', async () => {
  const h = await startHarness({ script: () => report() });
  try {
    await h.runtime.enqueue('orion', { id: 'finished', task: 'done once', priority: 'normal', created: '2026-01-01T00:00:00Z' });
    await h.runtime.drain();
    await h.system.close();
    const queue = path.join(h.dir, 'agents', 'orion', 'queue.md');
    const before = readFileSync(queue);
    const r = spawnSync(process.execPath, [BIN, 'enqueue', 'orion', 'again', '--id', 'finished', '--data', h.dir], { encoding: 'utf8', env: clean({}), timeout: 30_000 });
    assert.equal(r.status, 8, r.stderr);
    assert.match(r.stderr, /task id "finished" was already used by agent orion/);
    assert.deepEqual(readFileSync(queue), before);
    assert.equal(spawnSync(process.execPath, [BIN, 'enqueue', 'orion', 'new', '--id', 'finished-2', '--data', h.dir], { env: clean({}) }).status, 0);
  } finally {
    await h.close();
  }
});
