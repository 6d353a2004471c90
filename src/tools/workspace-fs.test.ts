// The second layer: what happens when the tree changes between the realpath check and
// the operation. The race is staged by hand at the exact point it would strike.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { procFdAvailable } from './dir-handle.ts';
import { ToolError } from './errors.ts';
import { assertUnmoved, openTarget, resolveReal, walk, workspaceRoot } from './workspace-fs.ts';

function setup(t: test.TestContext) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-race-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(ws, 'sub'), { recursive: true });
  fs.mkdirSync(outside);
  return { root, ws, outside };
}

async function rejectsWith(p: Promise<unknown>, codes: string[]) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ToolError, `expected a ToolError, got ${e}`);
    assert.ok(codes.includes(e.code), `code ${e.code}: ${e.message}`);
    return true;
  });
}

test('a directory swapped for a symlink after the check is not walked through', async (t) => {
  const { ws, outside } = setup(t);
  const rootReal = await workspaceRoot(ws);
  const segs = await resolveReal(rootReal, ['sub', 'deep', 'f.txt'], 'sub/deep/f.txt');
  assert.deepEqual(segs, ['sub', 'deep', 'f.txt']);
  // The swap: 'sub' becomes a link to the outside between check and use.
  fs.rmSync(path.join(ws, 'sub'), { recursive: true });
  fs.symlinkSync(outside, path.join(ws, 'sub'));
  await rejectsWith(walk(rootReal, segs.slice(0, -1), true, 'sub/deep/f.txt'), ['PATH_SYMLINK', 'NOT_A_DIRECTORY']);
  assert.deepEqual(fs.readdirSync(outside), [], 'no directory was created outside');
});

test('a directory moved out of the workspace after it was opened is detected', async (t) => {
  if (!procFdAvailable()) return t.skip('needs /proc/self/fd (Linux)');
  const { ws, outside } = setup(t);
  const target = await openTarget(ws, 'sub/f.txt', 'write', 'file');
  try {
    await assertUnmoved(target.dir, 'sub/f.txt'); // still in place: no error
    fs.renameSync(path.join(ws, 'sub'), path.join(outside, 'sub'));
    await rejectsWith(assertUnmoved(target.dir, 'sub/f.txt'), ['PATH_CHANGED']);
  } finally {
    await target.dir.close();
  }
  assert.deepEqual(fs.readdirSync(path.join(outside, 'sub')), []);
});

test('operations through the opened directory reach it even after its path is replaced', async (t) => {
  if (!procFdAvailable()) return t.skip('needs /proc/self/fd (Linux)');
  const { ws, outside } = setup(t);
  const target = await openTarget(ws, 'sub/f.txt', 'write', 'file');
  try {
    // Replace the path 'sub' with a link outside: the handle still means the old directory.
    fs.renameSync(path.join(ws, 'sub'), path.join(ws, 'old-sub'));
    fs.symlinkSync(outside, path.join(ws, 'sub'));
    fs.writeFileSync(target.dir.at(target.leaf!), 'x');
  } finally {
    await target.dir.close();
  }
  assert.equal(fs.readFileSync(path.join(ws, 'old-sub', 'f.txt'), 'utf8'), 'x');
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('a symlink loop is reported as such', async (t) => {
  const { ws } = setup(t);
  fs.symlinkSync('loop-b', path.join(ws, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(ws, 'loop-b'));
  await rejectsWith(openTarget(ws, 'loop-a/x', 'read', 'file'), ['PATH_SYMLINK']);
});
