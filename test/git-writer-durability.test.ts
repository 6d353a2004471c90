// Crash safety of the git writer by construction: the order of flushes and renames is recorded
// through its file layer and checked (objects durable before the ref moves), and a crash is
// injected at every step of a commit, after which recovery leaves a repository git accepts.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GitWriter, recordingFs, recoverRepo, type FsEvent } from './support/git-writer-imports.ts';
import { makeRepo } from './support/git-repo.ts';
import { durabilityViolations } from './support/durability.ts';

test('the ref moves only after the pack, its index and their folder are durable', { timeout: 30_000 }, async (t) => {
  for (const storage of ['pack', 'loose'] as const) {
    const r = makeRepo(t);
    const events: FsEvent[] = [];
    const w = await GitWriter.open(r.dir, { repack: false, storage, fs: recordingFs(events) });
    t.after(() => w.close());
    for (let i = 0; i < 3; i++) {
      events.length = 0;
      await w.commit({ message: `c${i}`, changes: [{ op: 'write', path: `d${i}/f.md`, content: `v${i}` }] });
      const refFile = path.join(r.dir, '.git', 'refs', 'heads', 'main');
      assert.deepEqual(durabilityViolations(events, refFile), [], `${storage} commit ${i}: ${JSON.stringify(events.map((e) => `${e.op} ${path.basename(e.path)}`))}`);
      const refAt = events.findIndex((e) => e.op === 'rename' && e.to === refFile);
      assert.ok(events.slice(refAt).some((e) => e.op === 'fsyncDir' && e.path === path.dirname(refFile)), 'the ref folder is flushed after the rename');
    }
  }
});

test('the durability check itself fails on a ref moved before its objects are durable', () => {
  const ref = '/r/.git/refs/heads/main';
  const pack = '/r/.git/objects/pack/pack-1.pack';
  const good: FsEvent[] = [
    { op: 'fsync', path: '/r/.git/objects/pack/tmp_pack_1' },
    { op: 'fsync', path: `${ref}.lock` },
    { op: 'rename', path: '/r/.git/objects/pack/tmp_pack_1', to: pack },
    { op: 'fsyncDir', path: '/r/.git/objects/pack' },
    { op: 'rename', path: `${ref}.lock`, to: ref },
  ];
  assert.deepEqual(durabilityViolations(good, ref), []);
  const dirLate = [good[0], good[1], good[2], good[4], good[3]];
  assert.match(durabilityViolations(dirLate, ref).join(), /folder was not flushed/);
  const unflushed = [good[1], good[2], good[3], good[4]];
  assert.match(durabilityViolations(unflushed, ref).join(), /renamed before its content was flushed/);
  assert.match(durabilityViolations([good[0], good[2], good[3], good[4]], ref).join(), /ref lock was renamed before/);
});

test('a crash at any step of a commit: recovery leaves HEAD complete, fsck strict clean, status clean', { timeout: 120_000 }, async (t) => {
  // Count the steps of one commit, then crash at each: that step and every later file operation fail.
  const probe = makeRepo(t);
  const counted: FsEvent[] = [];
  const pw = await GitWriter.open(probe.dir, { repack: false, fs: recordingFs(counted) });
  await pw.commit({ message: 'base', changes: [{ op: 'write', path: 'keep.md', content: 'k' }, { op: 'write', path: 'gone/x.md', content: 'x' }] });
  counted.length = 0;
  await pw.commit({ message: 'task', changes: [{ op: 'write', path: 'keep.md', content: 'k2' }, { op: 'delete', path: 'gone/x.md' }, { op: 'write', path: 'new/y.md', content: 'y' }] });
  await pw.close();
  const steps = counted.length;
  assert.ok(steps >= 10, `a commit has ${steps} steps`);

  for (let k = 0; k < steps; k++) {
    const r = makeRepo(t);
    const setup = await GitWriter.open(r.dir, { repack: false });
    const base = await setup.commit({ message: 'base', changes: [{ op: 'write', path: 'keep.md', content: 'k' }, { op: 'write', path: 'gone/x.md', content: 'x' }] });
    await setup.close();
    let n = 0;
    const crashed = new Error('crash');
    const w = await GitWriter.open(r.dir, { repack: false, fs: recordingFs([], () => { if (n++ >= k) throw crashed; }) });
    const attempt = await w.commit({ message: 'task', changes: [{ op: 'write', path: 'keep.md', content: 'k2' }, { op: 'delete', path: 'gone/x.md' }, { op: 'write', path: 'new/y.md', content: 'y' }] }).then(
      () => 'done',
      (e: unknown) => (e === crashed ? 'crashed' : `other: ${String(e)}`),
    );
    assert.equal(attempt, 'crashed', `step ${k}`);
    await recoverRepo(r.dir);
    const head = r.git('rev-parse', 'HEAD').trim();
    const f = r.tryGit('fsck', '--full', '--strict', '--no-progress');
    assert.equal(f.code, 0, `step ${k}: ${f.out}`);
    assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '', `step ${k}: status after recovery`);
    if (head === base.sha) assert.equal(r.git('show', 'HEAD:keep.md'), 'k');
    else {
      assert.equal(r.git('rev-parse', 'HEAD~1').trim(), base.sha, `step ${k}: HEAD is the task's commit on the base`);
      assert.equal(r.git('show', 'HEAD:new/y.md'), 'y');
    }
    const again = await GitWriter.open(r.dir, { repack: false });
    await again.commit({ message: 'after recovery', changes: [{ op: 'write', path: 'z.md', content: 'z' }] });
    await again.close();
    assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '');
  }
});

test('recovery: a torn index is rebuilt from HEAD; stale locks go; a person\'s staged change is left alone', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  await w.commit({ message: 'one', changes: [{ op: 'write', path: 'a.md', content: 'a' }, { op: 'write', path: 'b.md', content: 'b' }] });
  await w.close();
  const index = path.join(r.dir, '.git', 'index');
  fs.writeFileSync(index, fs.readFileSync(index).subarray(0, 40)); // a power cut mid-write
  fs.writeFileSync(path.join(r.dir, '.git', 'refs', 'heads', 'main.lock'), '');
  const rep = await recoverRepo(r.dir);
  assert.equal(rep.indexRebuilt, true);
  assert.ok(rep.removed.some((f) => f.endsWith('main.lock')));
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '');
  // A person stages an edit of a path our last commit touched: recovery must not undo it.
  fs.writeFileSync(path.join(r.dir, 'a.md'), 'person');
  r.git('add', 'a.md');
  const again = await recoverRepo(r.dir);
  assert.deepEqual(again.repaired, []);
  assert.deepEqual(again.leftAlone, ['a.md']);
  assert.equal(r.git('status', '--porcelain'), 'M  a.md\n');
});
