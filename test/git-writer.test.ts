// The in-process git writer against real git: history, status, fsck, gc, clone and push, a
// person's commits in between, and the shapes of content a task produces.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GitWriter, GitWriterError, hasCodeOf } from './support/git-writer-imports.ts';
import { makeRepo } from './support/git-repo.ts';

const clean = (r: { git: (...a: string[]) => string }) => assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '', 'git status is clean');
const fsck = (r: { tryGit: (...a: string[]) => { code: number; out: string } }) => {
  const f = r.tryGit('fsck', '--full', '--strict', '--no-progress');
  assert.equal(f.code, 0, f.out);
  assert.equal(f.out.trim(), '', f.out);
};

test('commits land in history with a clean status, a strict fsck, reflogs, and survive gc', { timeout: 60_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  const first = await w.commit({
    message: 'first\0 commit\x1b[31m with controls\r\n\nbody\0',
    changes: [
      { op: 'write', path: 'a.md', content: 'hello\n' },
      { op: 'write', path: 'deep/er/and/deeper/still/file.txt', content: 'deep' },
      { op: 'write', path: 'bin/run.sh', content: '#!/bin/sh\necho hi\n', executable: true },
      { op: 'write', path: 'data.bin', content: Buffer.from([0, 1, 2, 255, 0, 10, 13]) },
      { op: 'write', path: 'ünïcødé/日本語.md', content: 'ok' },
    ],
  });
  assert.equal(first.created, true);
  assert.equal(first.parent, null);
  assert.equal(r.git('rev-parse', 'HEAD').trim(), first.sha);
  assert.equal(r.git('log', '-1', '--format=%B'), 'first commit[31m with controls\n\nbody\n\n');
  assert.equal(r.git('log', '-1', '--format=%an <%ae>').trim(), 'AgentOS <agentos@localhost>');
  assert.equal(r.git('ls-tree', 'HEAD', 'bin/run.sh').split(' ')[0], '100755');
  assert.equal(fs.statSync(path.join(r.dir, 'bin/run.sh')).mode & 0o111, 0o111, 'the working-tree file is executable');
  assert.deepEqual(fs.readFileSync(path.join(r.dir, 'data.bin')), Buffer.from([0, 1, 2, 255, 0, 10, 13]));
  assert.equal(r.git('show', 'HEAD:ünïcødé/日本語.md'), 'ok');
  clean(r);
  fsck(r);

  const second = await w.commit({ message: 'second', changes: [{ op: 'delete', path: 'deep/er/and/deeper/still/file.txt' }, { op: 'write', path: 'a.md', content: 'hello again\n' }] });
  assert.equal(second.parent, first.sha);
  assert.deepEqual(second.deleted, ['deep/er/and/deeper/still/file.txt']);
  assert.equal(fs.existsSync(path.join(r.dir, 'deep')), false, 'folders the deletion emptied are gone');
  assert.equal(r.git('ls-tree', '-r', '--name-only', 'HEAD').includes('deep/'), false);
  clean(r);
  assert.deepEqual(r.git('reflog', '--format=%gs').trim().split('\n'), ['commit: second', 'commit (initial): first commit[31m with controls']);

  const same = await w.commit({ message: 'nothing', changes: [{ op: 'write', path: 'a.md', content: 'hello again\n' }] });
  assert.equal(same.created, false, 'an unchanged tree makes no commit');
  assert.equal(same.sha, second.sha);
  const empty = await w.commit({ message: 'empty on purpose', allowEmpty: true });
  assert.equal(empty.created, true);
  assert.equal(empty.tree, second.tree);

  r.git('gc', '-q', '--aggressive', '--prune=now');
  const fresh = await GitWriter.open(r.dir, { repack: false });
  t.after(() => fresh.close());
  const afterGc = await fresh.commit({ message: 'after gc', changes: [{ op: 'write', path: 'ünïcødé/more.md', content: 'm' }] });
  assert.equal(fresh.reader.fallbackReads, 0, 'trees in a gc-made pack are read in process');
  assert.equal(afterGc.parent, empty.sha);
  clean(r);
  fsck(r);
  assert.equal(r.git('rev-list', '--count', 'HEAD').trim(), '4');
});

test('clone and push to a bare repository work', { timeout: 60_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  for (let i = 0; i < 5; i++) await w.commit({ message: `c${i}`, changes: [{ op: 'write', path: `f${i % 2}.md`, content: `v${i}` }] });
  const bare = path.join(r.dir, '..', path.basename(r.dir) + '-bare.git');
  t.after(() => fs.rmSync(bare, { recursive: true, force: true }));
  r.git('init', '-q', '--bare', '-b', 'main', bare);
  r.git('push', '-q', bare, 'main');
  const clone = bare.replace(/\.git$/, '-clone');
  t.after(() => fs.rmSync(clone, { recursive: true, force: true }));
  r.git('clone', '-q', bare, clone);
  assert.equal(fs.readFileSync(path.join(clone, 'f0.md'), 'utf8'), 'v4');
  await w.commit({ message: 'more', changes: [{ op: 'write', path: 'f2.md', content: 'x' }] });
  r.git('push', '-q', bare, 'main');
  assert.equal(r.git('--git-dir', bare, 'rev-parse', 'main').trim(), r.git('rev-parse', 'HEAD').trim());
  assert.equal(r.tryGit('--git-dir', bare, 'fsck', '--strict').code, 0);
});

test("a person's commit in between is built on, never rewritten; packed-refs are read", { timeout: 60_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  const ours = await w.commit({ message: 'ours', changes: [{ op: 'write', path: 'agent.md', content: 'a' }] });
  r.write('person.md', 'p');
  r.git('add', 'person.md');
  r.git('commit', '-q', '-m', 'person');
  const person = r.git('rev-parse', 'HEAD').trim();
  const next = await w.commit({ message: 'ours again', changes: [{ op: 'write', path: 'agent.md', content: 'b' }] });
  assert.equal(next.parent, person);
  assert.equal(r.git('show', 'HEAD:person.md'), 'p', "the person's file stays");
  assert.deepEqual(r.git('log', '--format=%s').trim().split('\n'), ['ours again', 'person', 'ours']);
  assert.equal(r.git('rev-parse', 'HEAD~2').trim(), ours.sha);
  clean(r);

  r.git('pack-refs', '--all', '--prune');
  assert.equal(fs.existsSync(path.join(r.dir, '.git/refs/heads/main')), false, 'the branch lives only in packed-refs');
  const packed = await w.commit({ message: 'on a packed ref', changes: [{ op: 'write', path: 'agent.md', content: 'c' }] });
  assert.equal(packed.parent, next.sha);
  assert.equal(r.git('rev-parse', 'main').trim(), packed.sha);
  r.git('checkout', '-q', '-b', 'feature');
  const onFeature = await w.commit({ message: 'on the branch HEAD names', changes: [{ op: 'write', path: 'f.md', content: 'f' }] });
  assert.equal(onFeature.branch, 'refs/heads/feature');
  assert.equal(r.git('rev-parse', 'main').trim(), packed.sha);
  r.git('checkout', '-q', '--detach');
  await assert.rejects(w.commit({ message: 'detached', changes: [{ op: 'write', path: 'x', content: 'x' }] }), (e: unknown) => hasCodeOf(e, 'E_GIT_DETACHED'));
  fsck(r);
});

test('a held lock makes a commit wait, then fail with E_GIT_LOCKED; nothing changes', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false, lockTimeoutMs: 150 });
  t.after(() => w.close());
  await w.commit({ message: 'one', changes: [{ op: 'write', path: 'a', content: '1' }] });
  const head = r.git('rev-parse', 'HEAD').trim();
  for (const lock of ['index.lock', 'refs/heads/main.lock']) {
    fs.writeFileSync(path.join(r.dir, '.git', lock), '');
    const t0 = Date.now();
    await assert.rejects(w.commit({ message: 'two', changes: [{ op: 'write', path: 'a', content: '2' }] }), (e: unknown) => {
      assert.ok(e instanceof GitWriterError && e.code === 'E_GIT_LOCKED', String(e));
      assert.match(e.message, new RegExp(`${lock.replace('.', '\\.')} is held by another git process`));
      return true;
    });
    assert.ok(Date.now() - t0 >= 140, 'it waited');
    assert.equal(r.git('rev-parse', 'HEAD').trim(), head);
    fs.rmSync(path.join(r.dir, '.git', lock));
  }
  // Released within the wait: the commit goes through.
  fs.writeFileSync(path.join(r.dir, '.git', 'index.lock'), '');
  setTimeout(() => fs.rmSync(path.join(r.dir, '.git', 'index.lock')), 40);
  const ok = await w.commit({ message: 'three', changes: [{ op: 'write', path: 'a', content: '3' }] });
  assert.equal(ok.parent, head);
  clean(r);
});

test('refuses sha256 repositories and bad paths with coded errors', { timeout: 30_000 }, async (t) => {
  const s = makeRepo(t, ['--object-format=sha256']);
  await assert.rejects(GitWriter.open(s.dir), (e: unknown) => hasCodeOf(e, 'E_GIT_UNSUPPORTED') && /sha256/.test((e as Error).message));
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  for (const p of ['/abs', '../up', 'a/../b', '.git/config', 'x/.GIT/y', 'a//b', 'dir/', 'nul\0byte', 'back\\slash', '']) {
    await assert.rejects(w.commit({ message: 'm', changes: [{ op: 'write', path: p, content: 'x' }] }), (e: unknown) => hasCodeOf(e, 'E_GIT_INPUT'), p);
  }
  await assert.rejects(w.commit({ message: '\0\0\n', changes: [{ op: 'write', path: 'a', content: 'x' }] }), (e: unknown) => hasCodeOf(e, 'E_GIT_INPUT'));
  await assert.rejects(w.commit({ message: 'dup', changes: [{ op: 'write', path: 'a', content: 'x' }, { op: 'delete', path: 'a' }] }), (e: unknown) => hasCodeOf(e, 'E_GIT_INPUT'));
  await w.commit({ message: 'file', changes: [{ op: 'write', path: 'a', content: 'x' }] });
  await assert.rejects(w.commit({ message: 'under a file', changes: [{ op: 'write', path: 'a/b', content: 'x' }] }), (e: unknown) => hasCodeOf(e, 'E_GIT_INPUT'));
  const replaced = await w.commit({ message: 'file to folder', changes: [{ op: 'delete', path: 'a' }, { op: 'write', path: 'a/b', content: 'x' }] });
  assert.equal(r.git('ls-tree', '-r', '--name-only', replaced.sha).trim(), 'a/b');
  clean(r);
  assert.equal(fs.readdirSync(path.join(r.dir, '.git')).filter((n) => n.endsWith('.lock')).length, 0, 'failed commits leave no locks');
});

test('a bare repository (no index, no working tree) and a linked worktree (git worktree add)', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  await w.commit({ message: 'base', changes: [{ op: 'write', path: 'a.md', content: 'a' }] });
  const linked = r.dir + '-wt';
  t.after(() => fs.rmSync(linked, { recursive: true, force: true }));
  r.git('worktree', 'add', '-q', '-b', 'side', linked);
  const lw = await GitWriter.open(linked, { repack: false });
  t.after(() => lw.close());
  const side = await lw.commit({ message: 'in the linked worktree', changes: [{ op: 'write', path: 'side.md', content: 's' }] });
  assert.equal(side.branch, 'refs/heads/side');
  assert.equal(r.git('rev-parse', 'side').trim(), side.sha, 'the ref lives in the common dir');
  assert.equal(r.git('-C', linked, 'status', '--porcelain'), '');
  assert.equal(r.git('-C', linked, 'reflog', '-1', '--format=%gs').trim(), 'commit: in the linked worktree');

  const bare = r.dir + '-bare.git';
  t.after(() => fs.rmSync(bare, { recursive: true, force: true }));
  r.git('clone', '-q', '--bare', r.dir, bare);
  const bw = await GitWriter.open(bare, { repack: false });
  t.after(() => bw.close());
  const c = await bw.commit({ message: 'into a bare repository', changes: [{ op: 'write', path: 'b.md', content: 'b' }] });
  assert.equal(c.index, 'none');
  assert.equal(r.git('--git-dir', bare, 'show', 'main:b.md'), 'b');
  assert.equal(r.tryGit('--git-dir', bare, 'fsck', '--strict').code, 0);
});

test('with nothing new to commit, the working tree still gets the content asked for', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  const c = await w.commit({ message: 'a', changes: [{ op: 'write', path: 'a.md', content: 'committed' }] });
  fs.writeFileSync(path.join(r.dir, 'a.md'), 'scribbled over');
  fs.writeFileSync(path.join(r.dir, 'untracked.md'), 'u');
  const again = await w.commit({ message: 'same', changes: [{ op: 'write', path: 'a.md', content: 'committed' }, { op: 'delete', path: 'untracked.md' }] });
  assert.equal(again.created, false);
  assert.equal(again.sha, c.sha);
  assert.equal(fs.readFileSync(path.join(r.dir, 'a.md'), 'utf8'), 'committed');
  assert.equal(fs.existsSync(path.join(r.dir, 'untracked.md')), false);
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '');
});
