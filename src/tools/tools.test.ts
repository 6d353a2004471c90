import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentConfig } from '../config/index.ts';
import { LIST_CAP } from './list-files.ts';
import { READ_CAP } from './read-file.ts';
import { WRITE_CAP } from './write-file.ts';
import { workspaceTools, type ToolCallRecord } from './index.ts';

function setup(t: test.TestContext) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-tools-'));
  t.after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const calls: ToolCallRecord[] = [];
  const tools = workspaceTools(dataDir, { onCall: (r) => calls.push(r) })({ name: 'orion' } as AgentConfig);
  const ws = path.join(dataDir, 'agents', 'orion', 'workspace');
  const call = (name: string, input: unknown): Promise<any> => (tools[name].execute as (i: unknown, o: unknown) => Promise<unknown>)(input, {});
  return { dataDir, ws, call, calls, tools };
}

test('the tool set has exactly the three named tools', (t) => {
  const { tools } = setup(t);
  assert.deepEqual(Object.keys(tools).sort(), ['list_files', 'read_file', 'write_file']);
});

test('write_file creates parents, read_file reads it back, records each call', async (t) => {
  const { ws, call, calls } = setup(t);
  const w = await call('write_file', { path: 'notes/deep/plan.md', content: '# Plan\nünïcode ✓\n' });
  assert.deepEqual(w, { path: 'notes/deep/plan.md', bytes: Buffer.byteLength('# Plan\nünïcode ✓\n'), created: true });
  assert.equal(fs.readFileSync(path.join(ws, 'notes/deep/plan.md'), 'utf8'), '# Plan\nünïcode ✓\n');
  const r = await call('read_file', { path: './notes//deep/plan.md' });
  assert.equal(r.content, '# Plan\nünïcode ✓\n');
  assert.equal(r.truncated, false);
  assert.equal(r.path, 'notes/deep/plan.md');
  assert.deepEqual(calls.map((c) => [c.name, c.ok, c.bytes, c.agent]), [
    ['write_file', true, w.bytes, 'orion'],
    ['read_file', true, w.bytes, 'orion'],
  ]);
  assert.ok(calls.every((c) => Number.isInteger(c.ms) && c.ms >= 0));
});

test('write_file replaces atomically, keeps the mode, leaves no temp file', async (t) => {
  const { ws, call } = setup(t);
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'run.sh'), 'old');
  fs.chmodSync(path.join(ws, 'run.sh'), 0o750);
  const w = await call('write_file', { path: 'run.sh', content: 'new' });
  assert.equal(w.created, false);
  assert.equal(fs.readFileSync(path.join(ws, 'run.sh'), 'utf8'), 'new');
  assert.equal(fs.statSync(path.join(ws, 'run.sh')).mode & 0o777, 0o750);
  assert.deepEqual(fs.readdirSync(ws), ['run.sh']);
});

test('list_files lists one level by default and the tree when recursive', async (t) => {
  const { call } = setup(t);
  await call('write_file', { path: 'b.txt', content: 'bb' });
  await call('write_file', { path: 'a/x.txt', content: 'x' });
  await call('write_file', { path: 'a/sub/y.txt', content: 'yyy' });
  const flat = await call('list_files', {});
  assert.deepEqual(flat, { path: '.', truncated: false, entries: [{ path: 'a', type: 'dir' }, { path: 'b.txt', type: 'file', size: 2 }] });
  const deep = await call('list_files', { path: 'a', recursive: true });
  assert.deepEqual(deep.entries.map((e: { path: string }) => e.path), ['a/sub', 'a/x.txt', 'a/sub/y.txt']);
});

test('list_files stops at the cap and says so; does not descend into .git', async (t) => {
  const { ws, call } = setup(t);
  fs.mkdirSync(path.join(ws, 'many'), { recursive: true });
  for (let i = 0; i < LIST_CAP + 10; i++) fs.writeFileSync(path.join(ws, 'many', `f${String(i).padStart(4, '0')}`), '');
  const r = await call('list_files', { path: 'many' });
  assert.equal(r.entries.length, LIST_CAP);
  assert.equal(r.truncated, true);
  assert.match(r.note, /truncated at 500/);
  fs.mkdirSync(path.join(ws, 'repo', '.git', 'objects'), { recursive: true });
  const g = await call('list_files', { path: 'repo', recursive: true });
  assert.deepEqual(g.entries.map((e: { path: string }) => e.path), ['repo/.git']);
});

test('read_file caps at 256 KiB and says it truncated, without splitting a character', async (t) => {
  const { ws, call } = setup(t);
  fs.mkdirSync(ws, { recursive: true });
  // 'é' is two bytes: READ_CAP - 1 ASCII bytes then 'é' straddles the cap.
  fs.writeFileSync(path.join(ws, 'big.txt'), 'a'.repeat(READ_CAP - 1) + 'é' + 'tail');
  const r = await call('read_file', { path: 'big.txt' });
  assert.equal(r.truncated, true);
  assert.equal(r.content, 'a'.repeat(READ_CAP - 1));
  assert.equal(r.size, READ_CAP + 5);
  assert.match(r.note, /truncated/);
  fs.writeFileSync(path.join(ws, 'exact.txt'), 'b'.repeat(READ_CAP));
  const e = await call('read_file', { path: 'exact.txt' });
  assert.equal(e.truncated, false);
  assert.equal(e.content.length, READ_CAP);
});

test('read_file refuses binaries, directories, missing files and FIFOs with clear reasons', async (t) => {
  const { ws, call, calls } = setup(t);
  fs.mkdirSync(path.join(ws, 'dir'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'bin'), Buffer.from([1, 0, 2]));
  assert.equal((await call('read_file', { path: 'bin' })).code, 'BINARY');
  const d = await call('read_file', { path: 'dir' });
  assert.equal(d.code, 'NOT_A_FILE');
  assert.match(d.error, /list_files/);
  const m = await call('read_file', { path: 'nope/missing.txt' });
  assert.equal(m.code, 'NOT_FOUND');
  assert.match(m.error, /'nope\/missing.txt' does not exist/);
  assert.doesNotMatch(m.error, new RegExp(ws.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no host path in errors');
  assert.equal((await call('read_file', { path: '.' })).code, 'NOT_A_FILE');
  assert.deepEqual(calls.map((c) => [c.ok, c.bytes]), [[false, 0], [false, 0], [false, 0], [false, 0]]);
  try {
    execFileSync('mkfifo', [path.join(ws, 'pipe')]);
  } catch {
    return t.skip('mkfifo is not available');
  }
  assert.equal((await call('read_file', { path: 'pipe' })).code, 'NOT_A_FILE');
});

test('write_file refuses oversize content and creates nothing', async (t) => {
  const { ws, call } = setup(t);
  const r = await call('write_file', { path: 'big/out.txt', content: 'x'.repeat(WRITE_CAP + 1) });
  assert.equal(r.code, 'TOO_LARGE');
  assert.match(r.error, /1048577 bytes.*at most 1048576/);
  assert.equal(fs.existsSync(path.join(ws, 'big')), false);
  // Multi-byte characters count as bytes, not characters.
  assert.equal((await call('write_file', { path: 'u.txt', content: 'é'.repeat(WRITE_CAP / 2 + 1) })).code, 'TOO_LARGE');
  assert.equal((await call('write_file', { path: 'ok.txt', content: 'x'.repeat(WRITE_CAP) })).bytes, WRITE_CAP);
});

test('write_file refuses the workspace itself, directories, and a file as a parent', async (t) => {
  const { ws, call } = setup(t);
  await call('write_file', { path: 'f.txt', content: 'keep' });
  fs.mkdirSync(path.join(ws, 'd'));
  assert.equal((await call('write_file', { path: '.', content: 'x' })).code, 'NOT_A_FILE');
  assert.equal((await call('write_file', { path: 'd', content: 'x' })).code, 'NOT_A_FILE');
  assert.equal((await call('write_file', { path: 'f.txt/child', content: 'x' })).code, 'NOT_A_DIRECTORY');
  assert.equal(fs.readFileSync(path.join(ws, 'f.txt'), 'utf8'), 'keep');
});

test('a throwing recorder does not fail the tool call', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-tools-'));
  t.after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const tools = workspaceTools(dataDir, { onCall: () => { throw new Error('recorder down'); } })({ name: 'a' } as AgentConfig);
  const r = await (tools.write_file.execute as (i: unknown, o: unknown) => Promise<any>)({ path: 'x', content: 'y' }, {});
  assert.equal(r.bytes, 1);
});

test('an agent name that is not a slug is refused before any path is built', (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-tools-'));
  t.after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  assert.throws(() => workspaceTools(dataDir)({ name: '../evil' } as AgentConfig), /not a valid slug/);
});
