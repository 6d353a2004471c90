// Forked workspaces: a copy that holds everything (ignored files, links, modes), a merge that makes
// the workspace equal to the fork, bounds that refuse an oversized workspace, and cleanup.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cleanForks, createFork, dropFork, ForkError, forksDir, mergeFork } from './fork.ts';
import { BetweenTasks } from './between-tasks.ts';

const BOUNDS = { maxEntries: 1000, maxBytes: 1024 * 1024 };

test('fork, change, merge: the workspace becomes exactly the fork; a dropped fork leaves nothing', async (t) => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'agentos-fork-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const ws = path.join(data, 'agents/orion/workspace');
  mkdirSync(path.join(ws, 'src/deep'), { recursive: true });
  writeFileSync(path.join(ws, 'src/deep/a.txt'), 'a');
  writeFileSync(path.join(ws, 'gone.txt'), 'gone');
  writeFileSync(path.join(ws, 'run.sh'), '#!/bin/sh\n');
  chmodSync(path.join(ws, 'run.sh'), 0o755);
  mkdirSync(path.join(ws, 'node_modules/x'), { recursive: true });
  writeFileSync(path.join(ws, 'node_modules/x/i.js'), 'ignored by git, copied all the same');
  const f = await createFork(data, 'orion', 'task/1', 1, ws, BOUNDS);
  assert.equal(f.id, 'task_1.1');
  assert.equal(readFileSync(path.join(f.root, 'node_modules/x/i.js'), 'utf8'), 'ignored by git, copied all the same');
  assert.equal(statSync(path.join(f.root, 'run.sh')).mode & 0o777, 0o755);
  writeFileSync(path.join(f.root, 'src/deep/a.txt'), 'changed');
  rmSync(path.join(f.root, 'gone.txt'));
  writeFileSync(path.join(f.root, 'new.txt'), 'new');
  symlinkSync('src/deep/a.txt', path.join(f.root, 'link'));
  rmSync(path.join(f.root, 'src/deep'), { recursive: true });
  writeFileSync(path.join(f.root, 'src/deep'), 'a file where a directory was');
  const r = await mergeFork(f, ws, BOUNDS);
  assert.deepEqual(r.removed.sort(), ['gone.txt', 'src/deep', 'src/deep/a.txt']);
  assert.deepEqual(r.written.sort(), ['link', 'new.txt', 'src/deep']);
  assert.equal(readFileSync(path.join(ws, 'src/deep'), 'utf8'), 'a file where a directory was');
  assert.equal(readlinkSync(path.join(ws, 'link')), 'src/deep/a.txt');
  assert.ok(lstatSync(path.join(ws, 'link')).isSymbolicLink());
  assert.ok(!existsSync(path.join(ws, 'gone.txt')));
  await dropFork(f);
  assert.ok(!existsSync(f.root));
});

test('bounds: a workspace over the fork limits is refused before anything is copied; cleanup keeps what it is told to', async (t) => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'agentos-fork-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const ws = path.join(data, 'ws');
  mkdirSync(ws);
  for (let i = 0; i < 5; i++) writeFileSync(path.join(ws, `f${i}`), 'x'.repeat(100));
  await assert.rejects(createFork(data, 'orion', 't', 1, ws, { maxEntries: 3, maxBytes: 1e6 }), (e: ForkError) => e.code === 'FORK_FAILED' && /more than 3 entries \(speculation\.max_fork_files\)/.test(e.message));
  await assert.rejects(createFork(data, 'orion', 't', 1, ws, { maxEntries: 100, maxBytes: 300 }), /speculation\.max_fork_mb/);
  assert.ok(!existsSync(path.join(forksDir(data, 'orion'), 't.1')));
  await createFork(data, 'orion', 'a', 1, ws, BOUNDS);
  await createFork(data, 'orion', 'b', 1, ws, BOUNDS);
  mkdirSync(path.join(forksDir(data, 'orion'), 'p.paused'));
  assert.equal(await cleanForks(data, 'orion', new Set(['p.paused'])), 2);
  assert.ok(existsSync(path.join(forksDir(data, 'orion'), 'p.paused')));
});

test('between tasks: idle operations run at once in order; queued ones wait for the worker; closing refuses the rest', async () => {
  const b = new BetweenTasks();
  const order: string[] = [];
  await Promise.all([b.schedule(async () => order.push('a'), true, 'x'), b.schedule(async () => order.push('b'), true, 'x')]);
  const queued = b.schedule(async () => order.push('c'), false, 'x');
  assert.equal(b.pending, true);
  await b.runPending();
  await queued;
  assert.deepEqual(order, ['a', 'b', 'c']);
  const refused = b.schedule(async () => 1, false, 'x');
  b.close(new Error('stopping'));
  await assert.rejects(refused, /stopping/);
  await assert.rejects(b.schedule(async () => 1, true, 'x'), /stopping/);
});
