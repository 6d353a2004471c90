// `agentos mcp` over stdio, spawned by the SDK's StdioClientTransport as an MCP client would:
// with no daemon it opens the data directory and runs the agents itself (and lets go of it when
// the client leaves); with a daemon on the data directory it relays to the daemon's /mcp.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startScriptedServer } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { TEST_TOKEN } from './support/api.ts';
import { report, taskIdOf, tempDataDir } from './support/harness.ts';
import { startDaemon } from './support/reach-harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');

function env(extra: Record<string, string>): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(AGENTOS_|LLM_)/.test(k)) e[k] = v;
  return { ...e, LOG_LEVEL: 'warn', ...extra };
}

async function stdioClient(args: string[], vars: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', ...args], env: env(vars), stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d) => (err += d));
  const client = new Client({ name: 'agentos-stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

/** The command to its end, without blocking this process (the daemon under test lives here). */
function runCli(args: string[], vars: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', env: env(vars), timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
    child.stdin?.end();
  });
}

const first = (r: CallToolResult) => (r.content[0] as { text: string }).text;

test('agentos mcp without a daemon opens the data directory, runs the task, and releases it on close', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const model = await startScriptedServer({ format: 'openai', script: (req) => report({ response: `Local answer for ${taskIdOf(req)}.` }) });
  t.after(() => model.close());
  const { client, stderr } = await stdioClient(['--data', dir], { LLM_BASE_URL: model.url, LLM_MODEL: 'scripted', LLM_API_KEY: 'sk-test' });
  try {
    assert.ok(existsSync(path.join(dir, '.agentos', 'daemon.lock')), 'it holds the data directory while connected');
    const tools = (await client.listTools()).tools.map((x) => x.name);
    assert.ok(tools.includes('submit_task') && tools.includes('get_status'));
    const r = (await client.callTool({ name: 'submit_task', arguments: { agent: 'orion', task: 'Summarise the API.', id: 'local-1', wait_seconds: 30 } })) as CallToolResult;
    assert.equal(first(r), 'Local answer for local-1.', stderr());
    const persona = await client.readResource({ uri: 'agentos://agents/orion/persona' });
    assert.match((persona.contents[0] as { text: string }).text, /Backend engineer/);
  } finally {
    await client.close();
  }
  assert.ok((await new Git(path.join(dir, 'agents', 'orion')).subjects()).includes('orion(task): local-1'));
  for (let i = 0; i < 200 && existsSync(path.join(dir, '.agentos', 'daemon.lock')); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(existsSync(path.join(dir, '.agentos', 'daemon.lock')), false, 'the lock is released once the client leaves');
});

test('agentos mcp with a daemon on the data directory relays to its /mcp; a wrong token fails at start (exit 3)', { timeout: 60_000 }, async (t) => {
  const d = await startDaemon({ script: (req) => report({ response: `Daemon answer for ${taskIdOf(req)}.` }) });
  t.after(() => d.close());
  const port = new URL(d.url).port;
  const { client, stderr } = await stdioClient(['--data', d.dir], { AGENTOS_HOST: '127.0.0.1', AGENTOS_PORT: port, AGENTOS_API_TOKEN: TEST_TOKEN, LOG_LEVEL: 'info' });
  try {
    const r = (await client.callTool({ name: 'submit_task', arguments: { agent: 'orion', task: 'Relay this.', id: 'relayed-1', wait_seconds: 30 } })) as CallToolResult;
    assert.equal(first(r), 'Daemon answer for relayed-1.', stderr());
    const status = (await client.callTool({ name: 'get_status', arguments: {} })) as CallToolResult;
    assert.equal(JSON.parse(first(status)).agents[0].name, 'orion');
    assert.match(stderr(), /a daemon holds .*: relaying MCP to http:\/\/127\.0\.0\.1:\d+\/mcp/);
  } finally {
    await client.close();
  }
  assert.ok((await new Git(path.join(d.dir, 'agents', 'orion')).subjects()).includes('orion(task): relayed-1'), 'the daemon ran it');

  const wrong = await runCli(['mcp', '--data', d.dir, '--url', d.url], { AGENTOS_API_TOKEN: 'not-the-token-0123456789abcdefghijklmnop' });
  assert.equal(wrong.status, 3, wrong.stderr);
  assert.match(wrong.stderr, /refused the API token \(401\)/);
  assert.equal(wrong.stdout, '', 'nothing but MCP on stdout');
  const away = await runCli(['mcp', '--data', d.dir, '--url', 'http://127.0.0.1:9'], { AGENTOS_API_TOKEN: TEST_TOKEN });
  assert.equal(away.status, 9, away.stderr);
  assert.match(away.stderr, /cannot reach the AgentOS daemon at http:\/\/127\.0\.0\.1:9/);
});
