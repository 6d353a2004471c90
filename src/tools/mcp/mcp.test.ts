// MCP round trips against real servers from the npm registry (devDependencies), not mocks:
// the official filesystem server over stdio inside the agent's bubblewrap sandbox, and the
// official "everything" server over Streamable HTTP on a loopback port.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAgentsYaml } from '../../config/index.ts';
import { ToolRuntime } from '../tool-runtime.ts';
import { sandboxHost } from '../sandbox/index.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const modules = path.join(repo, 'node_modules');
const NODE = process.execPath;
const FS_SERVER = path.join(modules, '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
const EVERYTHING = path.join(modules, '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const skipSandbox = sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`;

function dataDir(t: test.TestContext, agentYaml: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-mcp-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const yaml = `agents:\n  - name: a\n    persona: p\n${agentYaml.replace(/^/gm, '    ')}\n`;
  fs.writeFileSync(path.join(dir, 'agents.yaml'), yaml);
  const ws = path.join(dir, 'agents', 'a', 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  return { dir, ws, config: parseAgentsYaml(yaml).agents[0] };
}

test('stdio: the filesystem server runs in the sandbox; its tools join the registry; read-only runs, destructive waits for approval', { skip: skipSandbox, timeout: 60_000 }, async (t) => {
  const nodeDir = path.dirname(path.dirname(fs.realpathSync(NODE)));
  const d = dataDir(t, `mcp_servers:\n  - name: files\n    command: ${NODE}\n    args: [${FS_SERVER}, /workspace]\n    read_only: [${modules}, ${nodeDir}]`);
  fs.writeFileSync(path.join(d.ws, 'hello.txt'), 'hello from the workspace\n');
  const rt = new ToolRuntime({ dataDir: d.dir, onProblem: (m) => assert.fail(m) });
  t.after(() => rt.close());
  const agent = rt.forAgent(d.config);
  const s = await agent.session('t1');
  s.revokeAll();
  const names = s.offered.filter((m) => m.tier === 'mcp').map((m) => m.name);
  assert.ok(names.includes('mcp__files__read_text_file'), names.join(', '));
  assert.equal(s.tools.mcp__files__read_text_file.needsApproval, undefined, 'annotated read-only: no approval');
  assert.equal(s.tools.mcp__files__write_file.needsApproval, true, 'annotated destructive: approval');

  const read = await agent.callTool('mcp__files__read_text_file', { path: '/workspace/hello.txt' }, false);
  assert.equal((read.result as { content: string }).content, 'hello from the workspace\n');
  assert.equal(read.record?.ok, true);

  const gated = await agent.callTool('mcp__files__write_file', { path: '/workspace/new.txt', content: 'x' }, false);
  assert.equal(gated.gated, true);
  assert.equal(fs.existsSync(path.join(d.ws, 'new.txt')), false, 'nothing written without approval');
  const approved = await agent.callTool('mcp__files__write_file', { path: '/workspace/new.txt', content: 'written by MCP' }, true);
  assert.equal((approved.result as { error?: string }).error, undefined, JSON.stringify(approved.result));
  assert.equal(fs.readFileSync(path.join(d.ws, 'new.txt'), 'utf8'), 'written by MCP');

  // The server sees only the sandbox: the data directory and the host are not there.
  const outside = await agent.callTool('mcp__files__read_text_file', { path: path.join(d.dir, 'agents.yaml') }, false);
  assert.equal((outside.result as { code?: string }).code, 'MCP_ERROR');
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

test('Streamable HTTP: the everything server round trip — echo, sum, annotations', { timeout: 60_000 }, async (t) => {
  const port = await freePort();
  const server = spawn(NODE, [EVERYTHING, 'streamableHttp'], { env: { PATH: process.env.PATH, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  t.after(() => server.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    let said = '';
    server.stderr.on('data', (c: Buffer) => {
      said += c.toString();
      if (/listening on port/i.test(said)) resolve();
    });
    server.once('exit', (code) => reject(new Error(`everything server exited ${code}: ${said}`)));
  });
  const d = dataDir(t, `mcp_servers:\n  - name: every\n    url: http://127.0.0.1:${port}/mcp`);
  const rt = new ToolRuntime({ dataDir: d.dir, onProblem: (m) => assert.fail(m) });
  t.after(() => rt.close());
  const agent = rt.forAgent(d.config);
  const echo = await agent.callTool('mcp__every__echo', { message: 'round trip' }, false);
  assert.match((echo.result as { content: string }).content, /round trip/);
  const sum = await agent.callTool('mcp__every__get-sum', { a: 2, b: 40 }, false);
  assert.match((sum.result as { content: string }).content, /42/);
  const bad = await agent.callTool('mcp__every__get-sum', { a: 'two' }, false);
  assert.equal((bad.result as { code?: string }).code, 'MCP_ERROR', 'the server validates against its schema and the error comes back as a result');
  assert.equal(bad.record?.ok, false);
});

test('a server that cannot start costs only its own tools, and says why', { timeout: 30_000 }, async (t) => {
  const d = dataDir(t, `mcp_servers:\n  - name: broken\n    command: /nonexistent/server\n    sandbox: false\n    timeout_s: 5`);
  const problems: string[] = [];
  const rt = new ToolRuntime({ dataDir: d.dir, onProblem: (m) => problems.push(m) });
  t.after(() => rt.close());
  const s = await rt.forAgent(d.config).session('t1');
  s.revokeAll();
  assert.ok(s.tools.read_file, 'built-ins still there');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /MCP server 'broken'/);
});
