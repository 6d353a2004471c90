// The `agentos` command as a person runs it: exit codes, help, errors with locations.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startScriptedServer } from '../src/models/index.ts';
import { report, tempDataDir } from './support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');

function agentos(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error', ...env }, cwd, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** For commands that call the scripted model served by this process: spawnSync would block it. */
function agentosAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('--help everywhere; unknown commands and bad flags are usage errors (exit 2)', () => {
  const top = agentos(['--help']);
  assert.equal(top.code, 0);
  for (const c of ['init', 'run', 'enqueue', 'status', 'log', 'demo', 'export', 'import', 'skills', 'new', 'mcp']) {
    assert.match(top.stdout, new RegExp(`\\n  ${c} `));
    const h = agentos([c, '--help']);
    assert.equal(h.code, 0, c);
    assert.match(h.stdout, new RegExp(`usage: agentos ${c}`));
    assert.match(h.stdout, /--data DIR/);
  }
  assert.equal(agentos([]).code, 2);
  const unknown = agentos(['fly']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "fly"/);
  const badFlag = agentos(['status', '--colour']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /--colour/);
});

test('a broken agents.yaml exits 3 naming file, line and column', () => {
  const { dir, cleanup } = tempDataDir('agents:\n  - name: ok\n    persona: p\n  - name: Not Valid\n    persona: p\n');
  try {
    const r = agentos(['status', '--data', dir]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /agents\.yaml:4:5: agents\.1\.name/);
    const missing = agentos(['run', '--once', '--data', path.join(dir, 'nothing-here')]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /cannot read .*agents\.yaml: ENOENT \(create it, or run `agentos init DIR`/);
  } finally {
    cleanup();
  }
});

test('init, enqueue, status, run --once, log: the daily loop; --once exits 1 when a task failed', async () => {
  const { dir, cleanup } = tempDataDir();
  const server = await startScriptedServer({ format: 'openai', script: (req) => (JSON.stringify(req.messages).includes('will fail') ? { status: 400, body: { error: { message: 'bad request' } } } : report()) });
  const env = { LLM_BASE_URL: server.url, LLM_MODEL: 'scripted', LLM_MAX_ATTEMPTS: '1' };
  try {
    assert.equal(agentos(['init', dir]).code, 0);
    assert.match(agentos(['init', dir]).stdout, /orion: already initialised/);
    const id = agentos(['enqueue', 'orion', 'Summarise the pagination API', '--priority', 'high', '--data', dir]);
    assert.equal(id.code, 0, id.stderr);
    assert.match(id.stdout.trim(), /^summarise-the-pagination-api-\d{8}T\d{6}-[0-9a-f]{4}$/);
    assert.equal(agentos(['enqueue', 'orion', 'x', '--id', 'dup', '--data', dir]).code, 0);
    const dup = agentos(['enqueue', 'orion', 'y', '--id', 'dup', '--data', dir]);
    assert.equal(dup.code, 8); // conflict: a duplicate id
    assert.match(dup.stderr, /dup/);
    assert.equal(agentos(['enqueue', 'nobody', 'x', '--data', dir]).code, 7); // not found
    assert.equal(agentos(['enqueue', 'orion', 'x', '--priority', 'urgent', '--data', dir]).code, 2);

    const before = JSON.parse(agentos(['status', '--json', '--data', dir]).stdout);
    assert.equal(before.agents[0].queued.length, 2);

    const ok = await agentosAsync(['run', '--once', '--no-http', '--data', dir], env);
    assert.equal(ok.code, 0, ok.stderr);
    const log = agentos(['log', 'orion', '--oneline', '--data', dir]);
    assert.match(log.stdout, /orion\(task\): dup/);
    assert.match(log.stdout, /init: agent filesystem/);
    assert.match(agentos(['log', 'orion', '-n', '1', '--data', dir]).stdout, /outcome: success; reward \+1, audit \+1/);

    assert.equal(agentos(['enqueue', 'orion', 'this will fail', '--id', 'doomed', '--data', dir]).code, 0);
    const failed = await agentosAsync(['run', '--once', '--no-http', '--data', dir], env);
    assert.equal(failed.code, 1, failed.stderr);
    const status = agentos(['status', '--data', dir]);
    assert.match(status.stdout, /dead letters: doomed/);
    assert.match(readFileSync(path.join(dir, 'agents', 'orion', 'iac', 'dead_letters', 'doomed.md'), 'utf8'), /400/);
  } finally {
    await server.close();
    cleanup();
  }
});

test('status shows a rejected block with its line and reason', () => {
  const { dir, cleanup } = tempDataDir();
  try {
    agentos(['init', dir]);
    writeFileSync(path.join(dir, 'agents', 'orion', 'queue.md'), '\n## bad\npriority: high\ncreated: 2026-01-01T00:00:00Z\n\n## fine\ntask: ok\n');
    const status = agentos(['status', '--data', dir]);
    assert.match(status.stdout, /rejected queue blocks: 1/);
    assert.match(status.stdout, /bad at queue\.md line 2: .*task/);
  } finally {
    cleanup();
  }
});

test('the demo runs offline and says it is a scripted model', () => {
  const { dir, cleanup } = tempDataDir();
  try {
    const r = agentos(['demo', '--data', path.join(dir, 'demo')], { LOG_LEVEL: 'warn' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OFFLINE SCRIPTED MODEL — not an LLM/);
    assert.doesNotMatch(r.stdout + r.stderr, /^\{"level"/m, 'the demo prints readable lines, never raw JSON log lines');
    assert.match(r.stderr, /^\d\d:\d\d:\d\d WARN  orion\/sync-vendor-api: audit diverged from the self-score/m);
    assert.match(r.stdout, /orion: sync-vendor-api → \+1 \/ -1/);
    for (const agent of ['orion', 'revu', 'lex', 'scribe']) assert.match(r.stdout, new RegExp(`${agent}\\(task\\): `));
    assert.match(r.stdout, /Succeed at tasks like: Build a Python sync process/);
    const again = agentos(['demo', '--data', path.join(dir, 'demo')]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /orion: first-task-2/);
  } finally {
    cleanup();
  }
});

test('SIGTERM mid-task stops cleanly (exit 0) and leaves the task queued for the restart', async () => {
  const { dir, cleanup } = tempDataDir();
  const server = await startScriptedServer({ format: 'openai', script: () => ({ hang: true }) });
  try {
    assert.equal(agentos(['init', dir]).code, 0);
    assert.equal(agentos(['enqueue', 'orion', 'a slow one', '--id', 'slow', '--data', dir]).code, 0);
    const child = spawn(process.execPath, [BIN, 'run', '--no-http', '--data', dir], { env: { ...process.env, LLM_BASE_URL: server.url, LOG_LEVEL: 'info' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /stopped cleanly/);
    assert.match(readFileSync(path.join(dir, 'agents', 'orion', 'queue.md'), 'utf8'), /^## slow$/m);
    const subjects = spawnSync('git', ['-C', path.join(dir, 'agents', 'orion'), 'log', '--format=%s'], { encoding: 'utf8' }).stdout;
    assert.doesNotMatch(subjects, /slow/);
  } finally {
    await server.close();
    cleanup();
  }
});
