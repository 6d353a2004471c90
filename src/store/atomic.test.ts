import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeFileAtomic, removeFileDurable, cleanTempFiles, tempPathFor, isTempFileName } from './atomic.ts';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-atomic-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writeFileAtomic creates parents, replaces content, keeps the mode, leaves no temp file', async (t) => {
  const dir = tmp(t);
  const f = path.join(dir, 'a', 'b', 'file.md');
  assert.equal(await writeFileAtomic(f, 'one'), true);
  assert.equal(fs.readFileSync(f, 'utf8'), 'one');
  fs.chmodSync(f, 0o600);
  await writeFileAtomic(f, Buffer.from('two ✓'), { fsync: false });
  assert.equal(fs.readFileSync(f, 'utf8'), 'two ✓');
  assert.equal(fs.statSync(f).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(path.dirname(f)), ['file.md']);
});

test('exclusive writes never replace an existing file', async (t) => {
  const f = path.join(tmp(t), 'x.md');
  assert.equal(await writeFileAtomic(f, 'first', { exclusive: true }), true);
  assert.equal(await writeFileAtomic(f, 'second', { exclusive: true }), false);
  assert.equal(fs.readFileSync(f, 'utf8'), 'first');
  assert.deepEqual(fs.readdirSync(path.dirname(f)), ['x.md']);
});

test('a failed write leaves the old file and no temp file', async (t) => {
  const dir = tmp(t);
  const f = path.join(dir, 'sub');
  fs.mkdirSync(f); // renaming a file over a directory fails
  await assert.rejects(writeFileAtomic(f, 'x'));
  assert.deepEqual(fs.readdirSync(dir), ['sub']);
});

test('removeFileDurable ignores a missing file', async (t) => {
  const f = path.join(tmp(t), 'gone.md');
  fs.writeFileSync(f, 'x');
  assert.equal(await removeFileDurable(f), true);
  assert.equal(fs.existsSync(f), false);
  assert.equal(await removeFileDurable(f), false);
});

test('cleanTempFiles removes temp files of dead writers and keeps live ones and other files', async (t) => {
  const dir = tmp(t);
  const target = path.join(dir, 'queue.md');
  const mine = tempPathFor(target);
  assert.ok(isTempFileName(path.basename(mine)));
  // A pid that has certainly exited: a child we ran to completion.
  const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const dead = path.join(dir, `.queue.md.${deadPid}-0123abcd.7.agentos-tmp`);
  const sameNonceReused = path.join(dir, `.queue.md.${process.pid}-ffffffff.1.agentos-tmp`);
  for (const f of [mine, dead, sameNonceReused, target, path.join(dir, '.queue.md.tmp')]) fs.writeFileSync(f, 'x');
  const removed = await cleanTempFiles(dir);
  assert.deepEqual(removed.sort(), [dead, sameNonceReused].sort());
  assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(mine), '.queue.md.tmp', 'queue.md'].sort());
  assert.deepEqual(await cleanTempFiles(dir, { force: true }), [mine]);
  assert.deepEqual(await cleanTempFiles(path.join(dir, 'missing')), []);
});
