// What a new user runs into, run as they would run it (a child `agentos` process): every expected
// failure is one clear line and its own exit code, never a stack; a reader that leaves a pipe
// early is not a crash; `run --once` stops on SIGINT/SIGTERM and gives its lock back.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startScriptedServer } from '../src/models/index.ts';
import { tempDataDir } from './support/harness.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'agentos.js');
const STACK = /\n\s+at .+:\d+:\d+\)?/;

function agentos(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error', LOG_FORMAT: '', ...env }, cwd, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: '', ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return { child, exited, stderr: () => stderr };
}

function busyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const lock = (dir: string) => path.join(dir, '.agentos', 'daemon.lock');

/** One line, `agentos COMMAND: …`, no stack, no "internal error"; usage errors may add the help after a blank line. */
function assertOneLine(stderr: string, command: string, message: RegExp, usage = false): void {
  assert.doesNotMatch(stderr, STACK, stderr);
  assert.doesNotMatch(stderr, /internal error|unexpected error/, stderr);
  const [first, ...rest] = stderr.trimEnd().split('\n');
  assert.ok(first.startsWith(`agentos ${command}: `), stderr);
  assert.match(first, message);
  if (usage) assert.equal(rest[0], '', 'the help follows after a blank line');
  else assert.deepEqual(rest, [], `one line only:\n${stderr}`);
}

test('--version prints the version from package.json', () => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = agentos(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `agentos ${version} (node ${process.version})\n`);
  assert.match(agentos(['--help']).stdout, /agentos --version/);
});

test('each expected failure: one clear line and its own documented exit code', async (t) => {
  const { dir, cleanup } = tempDataDir();
  const busy = await busyPort();
  const bombDir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bomb-'));
  t.after(() => {
    busy.server.close();
    cleanup();
    rmSync(bombDir, { recursive: true, force: true });
  });
  assert.equal(agentos(['init', dir]).code, 0);
  assert.equal(agentos(['enqueue', 'orion', 'x', '--id', 'dup', '--data', dir]).code, 0);
  const bomb = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) bomb.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  writeFileSync(path.join(bombDir, 'agents.yaml'), [...bomb, 'agents:', '  - name: o', '    persona: *a8', ''].join('\n'));
  const aFile = path.join(bombDir, 'agents.yaml');

  const cases: Array<[string, string[], Record<string, string>, number, RegExp, boolean?]> = [
    ['enqueue', ['enqueue', 'orion', 'y', '--id', 'dup', '--data', dir], {}, 8, /task id "dup" already exists at line \d+; choose a unique id/],
    ['run', ['run', '--port', 'abc', '--data', dir], {}, 2, /--port abc: expected a whole number from 0 to 65535/, true],
    ['run', ['run', '--port', String(busy.port), '--data', dir], {}, 9, new RegExp(`port ${busy.port} on 127\\.0\\.0\\.1 is already in use .*--port N or AGENTOS_PORT`)],
    ['run', ['run', '--port', '0', '--host', '192.0.2.1', '--data', dir], {}, 9, /192\.0\.2\.1 is not an address of this machine; use --host/],
    ['run', ['run', '--once', '--data', dir], { LOG_LEVEL: 'verbose' }, 3, /LOG_LEVEL="verbose": expected one of fatal, error, warn, info, debug, trace, silent/],
    ['demo', ['demo', '--data', path.join(dir, 'demo')], { LOG_FORMAT: 'yaml' }, 3, /LOG_FORMAT="yaml": expected one of auto, pretty, json/],
    ['bench', ['bench', 'context', '--data', dir], {}, 2, /context: Unknown option '--data'/, true],
    ['bench', ['bench', 'learning', '--per-family', 'lots'], {}, 2, /--per-family lots: expected a whole number/, true],
    ['bench', ['bench', 'routing', '--data', dir], {}, 2, /Unknown option '--data'/, true],
    ['status', ['status', '--data', bombDir], {}, 3, /agents\.yaml: invalid YAML: aliases \(\*name\) expand to over 100 copies/],
    ['run', ['run', '--once', '--data', bombDir], {}, 3, /invalid YAML: aliases/],
    ['init', ['init', aFile], {}, 3, /cannot create the data directory .*agents\.yaml is a file; choose another directory/],
    ['init', ['init', path.join(aFile, 'sub')], {}, 3, /cannot create the data directory .*: a parent is not a directory; choose a directory you can write/],
    ['init', ['init', '/proc/agentos-nope/data'], {}, 3, /cannot create the data directory \/proc\/agentos-nope\/data: \/proc\/agentos-nope: cannot be created there/], // Node's recursive mkdir spins here forever
  ];
  for (const [command, args, env, code, message, usage] of cases) {
    const r = agentos(args, env);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assertOneLine(r.stderr, command, message, usage);
  }
  assert.equal(existsSync(lock(dir)), false, 'a run that failed to listen gave its data-dir lock back');
  const again = agentos(['run', '--once', '--no-http', '--data', dir], { LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MAX_ATTEMPTS: '1' });
  assert.notEqual(again.code, 4, 'the data directory is not busy');
});

test('a reader that leaves early (`agentos … | head`) ends the output quietly, not with EPIPE', async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  assert.equal(agentos(['init', dir]).code, 0);
  for (const args of [['approvals', '--data', dir], ['status', '--data', dir], ['log', 'orion', '--data', dir], ['--help'], ['bench', 'iac', '--writers', '2']]) {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } });
    child.stdout.destroy(); // the reader is gone before the first write: every write meets EPIPE
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
    assert.equal(stderr, '', args.join(' '));
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`run --once stops on ${signal}: exit ${signal === 'SIGINT' ? 130 : 143}, lock released, the task still queued`, async (t) => {
    const { dir, cleanup } = tempDataDir();
    const server = await startScriptedServer({ format: 'openai', script: () => ({ hang: true }) });
    t.after(async () => {
      await server.close();
      cleanup();
    });
    assert.equal(agentos(['init', dir]).code, 0);
    assert.equal(agentos(['enqueue', 'orion', 'a slow one', '--id', 'slow', '--data', dir]).code, 0);
    const r = run(['run', '--once', '--data', dir], { LLM_BASE_URL: server.url, LLM_API_KEY: 'sk-signal-test-1234' });
    const deadline = Date.now() + 60_000;
    while (server.requests.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    assert.ok(server.requests.length > 0, r.stderr());
    assert.ok(existsSync(lock(dir)), 'the running --once holds the lock');
    r.child.kill(signal);
    assert.equal(await r.exited, signal === 'SIGINT' ? 130 : 143, r.stderr());
    assert.match(r.stderr(), new RegExp(`${signal}: stopped before the queues were drained`));
    assert.equal(existsSync(lock(dir)), false, 'lock released');
    assert.match(readFileSync(path.join(dir, 'agents', 'orion', 'queue.md'), 'utf8'), /^## slow$/m);
  });
}

test('logs: JSON lines when stderr is not a terminal, readable lines with LOG_FORMAT=pretty; the key never shows', async (t) => {
  const { dir, cleanup } = tempDataDir();
  const server = await startScriptedServer({ format: 'openai', script: () => ({ status: 401, body: { error: { message: 'bad key sk-log-test-secret-9876' } } }) });
  t.after(async () => {
    await server.close();
    cleanup();
  });
  assert.equal(agentos(['init', dir]).code, 0);
  assert.equal(agentos(['enqueue', 'orion', 'hello', '--data', dir]).code, 0);
  const env = { LLM_BASE_URL: server.url, LLM_API_KEY: 'sk-log-test-secret-9876', LLM_MAX_ATTEMPTS: '1', LOG_LEVEL: 'info' };
  const json = run(['run', '--once', '--no-http', '--data', dir], env);
  await json.exited;
  const lines = json.stderr().trim().split('\n');
  assert.ok(lines.length >= 2);
  for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), l);
  assert.match(json.stderr(), /\[REDACTED\]/);
  assert.equal(agentos(['enqueue', 'orion', 'hello again', '--data', dir]).code, 0);
  const pretty = run(['run', '--once', '--no-http', '--data', dir], { ...env, LOG_FORMAT: 'pretty' });
  await pretty.exited;
  assert.match(pretty.stderr(), /^\d\d:\d\d:\d\d INFO  AgentOS running with 1 agent\(s\)/m);
  assert.match(pretty.stderr(), /^\d\d:\d\d:\d\d WARN  orion\/hello-again-\S+: dead-lettered/m);
  assert.doesNotMatch(pretty.stderr(), /^\{/m, 'no JSON lines');
  for (const out of [json.stderr(), pretty.stderr()]) assert.ok(!out.includes('sk-log-test-secret-9876'), out);
});

test('agentos outside the clone (npm link, npm install -g .): a link to bin/agentos.js run from elsewhere', (t) => {
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'agentos-elsewhere-'));
  t.after(() => rmSync(elsewhere, { recursive: true, force: true }));
  const link = path.join(elsewhere, 'agentos');
  symlinkSync(BIN, link);
  const r = spawnSync(process.execPath, [link, '--version'], { cwd: elsewhere, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^agentos \d+\.\d+\.\d+/);
  const init = spawnSync(process.execPath, [link, 'init', 'data'], { cwd: elsewhere, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  assert.ok(existsSync(path.join(elsewhere, 'data', 'agents', 'orion', 'persona.md')));
  // The launcher under a Node too old for TypeScript re-runs itself on node_modules' Node 24.
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find((n) => {
    const v = spawnSync(n, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim().split('.').map(Number);
    return v !== undefined && v.length === 3 && (v[0] < 22 || (v[0] === 22 && v[1] < 18));
  });
  if (!old || !existsSync(path.join(ROOT, 'node_modules', 'node', 'bin', 'node'))) return t.skip('no Node older than 22.18 here, or no node_modules/node');
  const relaunched = spawnSync(old, [link, '--version'], { cwd: elsewhere, encoding: 'utf8' });
  assert.equal(relaunched.status, 0, relaunched.stderr);
  assert.match(relaunched.stdout, /\(node v2[4-9]\./);
});
