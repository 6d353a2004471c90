// The cluster's commands as a person types them: `remote init` (idempotent), a worker started with
// `run --redis --remote`, `enqueue --redis`, `status --redis`, and the refusals with their exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startScriptedServer } from '../src/models/index.ts';
import { report, tempDataDir } from './support/harness.ts';
import { BIN, cleanups, noRedis, recordedTasks, spawnWorker, startRedis, testOptions, until } from './support/cluster-harness.ts';

function agentos(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('remote init, a worker, enqueue --redis and status --redis, as typed', { skip: noRedis, timeout: 180_000 }, async (t) => {
  const defer = cleanups(t);
  const rs = await startRedis();
  defer(() => rs.stop());
  const { dir: data, cleanup } = tempDataDir();
  defer(cleanup);
  const remote = path.join(data, '..', `${path.basename(data)}-remote`);
  defer(() => import('node:fs/promises').then((f) => f.rm(remote, { recursive: true, force: true })));

  const init = await agentos(['remote', 'init', remote, '--from', data]);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /created agents\/orion\.git/);
  assert.match(init.stdout, /created shared\.git/);
  assert.ok(existsSync(path.join(remote, 'agents.yaml')) && existsSync(path.join(remote, 'approvals')));
  const again = await agentos(['remote', 'init', remote, '--from', data]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /kept    agents\/orion\.git/, 'idempotent: nothing overwritten');

  const server = await startScriptedServer({ format: 'openai', script: () => report() });
  defer(() => server.close());
  const o = testOptions(rs.url, remote, { lockDurationMs: 5000 });
  const env = { AGENTOS_REDIS_PREFIX: o.prefix };
  const none = await agentos(['enqueue', '--redis', rs.url, 'orion', 'too early'], env);
  assert.equal(none.code, 3, 'no worker has registered any agent yet');
  assert.match(none.stderr, /start a worker first/);

  const worker = spawnWorker(path.join(data, '..', `${path.basename(data)}-w1`), server, o);
  defer(() => new Promise((r) => (worker.exitCode !== null ? r(null) : (worker.once('exit', r), worker.kill('SIGTERM')))));
  defer(() => import('node:fs/promises').then((f) => f.rm(path.join(data, '..', `${path.basename(data)}-w1`), { recursive: true, force: true })));
  await until('the worker to register', async () => (await agentos(['status', '--redis', rs.url, '--json'], env)).stdout.includes('"orion"'), 60_000, 500);

  const enq = await agentos(['enqueue', '--redis', rs.url, 'orion', 'Summarise the design', '--id', 'cli-1', '--priority', 'high'], env);
  assert.equal(enq.code, 0, enq.stderr);
  assert.equal(enq.stdout.trim(), 'cli-1');
  const unknown = await agentos(['enqueue', '--redis', rs.url, 'nobody', 'x'], env);
  assert.equal(unknown.code, 7, unknown.stderr);
  const dup = await agentos(['enqueue', '--redis', rs.url, 'orion', 'again', '--id', 'cli-1'], env);
  assert.equal(dup.code, 8, `an id the queue holds (waiting, running or kept as completed) is refused: ${dup.stderr}`);
  await until('cli-1 committed', async () => (await recordedTasks(path.join(remote, 'agents', 'orion.git'), 'orion')).includes('cli-1'), 60_000);

  const status = await agentos(['status', '--redis', rs.url, '--json'], env);
  assert.equal(status.code, 0, status.stderr);
  const s = JSON.parse(status.stdout) as { workers: { id: string }[]; agents: { agent: string; completed: number; failed: number }[] };
  assert.equal(s.workers.length, 1);
  assert.equal(s.agents[0].agent, 'orion');
  assert.ok(s.agents[0].completed >= 1);
  const text = await agentos(['status', '--redis', rs.url], env);
  assert.match(text.stdout, /workers \(1\):/);
  assert.match(text.stdout, /orion/);

  const down = await agentos(['status', '--redis', 'redis://127.0.0.1:1'], env);
  assert.equal(down.code, 9, 'Redis out of reach: the machine refused');
  assert.match(down.stderr, /does not answer/);
  const once = await agentos(['run', '--redis', rs.url, '--once', '--data', data]);
  assert.equal(once.code, 2, 'a worker does not drain and exit');
});
