// Files taken from the working tree as they are (workspace files written by tools), the
// 'verify' mode for callers that wrote files themselves, and indexes left to git.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GitWriter } from './support/git-writer-imports.ts';
import { makeRepo } from './support/git-repo.ts';

test('fromDisk: new, changed and deleted files; .gitignore, size cap, nested repos and symlinks', { timeout: 60_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false, maxFileBytes: 1000 });
  t.after(() => w.close());
  r.write('.gitignore', 'workspace/*.log\nworkspace/build/\n');
  r.write('workspace/code.py', 'print(1)\n');
  r.write('workspace/lib/util.py', 'x = 1\n');
  r.write('workspace/run.log', 'noise');
  r.write('workspace/build/out.o', 'bin');
  r.write('workspace/big.dat', Buffer.alloc(5000, 1));
  r.write('workspace/nested/inner.txt', 'inner');
  r.git('init', '-q', 'workspace/nested'); // a repository a tool made in the workspace
  r.write('workspace/fake/.git', 'not a repository, but a .git all the same');
  r.write('workspace/fake/inner.txt', 'inner');
  fs.symlinkSync('code.py', path.join(r.dir, 'workspace/link.py'));
  fs.chmodSync(path.join(r.dir, 'workspace/code.py'), 0o755);
  const first = await w.commit({ message: 'tools wrote files', changes: [{ op: 'write', path: 'notes.md', content: 'n' }], fromDisk: ['.gitignore', 'workspace'] });
  assert.deepEqual([...first.written].sort(), ['.gitignore', 'notes.md', 'workspace/code.py', 'workspace/lib/util.py', 'workspace/link.py']);
  assert.deepEqual(first.skipped.map((s) => s.path).sort(), ['workspace/big.dat', 'workspace/fake', 'workspace/nested']);
  assert.match(first.skipped.find((s) => s.path === 'workspace/big.dat')!.reason, /cap of 1000 bytes/);
  assert.equal(r.git('ls-tree', 'HEAD', 'workspace/code.py').split(' ')[0], '100755');
  assert.equal(r.git('ls-tree', 'HEAD', 'workspace/link.py').split(' ')[0], '120000');
  assert.deepEqual(r.git('status', '--porcelain', '--untracked-files=all').trim().split('\n').sort(), ['?? workspace/big.dat', '?? workspace/fake/inner.txt', '?? workspace/nested/'].sort());

  // Nothing changed on disk: no file is read again, no commit.
  const same = await w.commit({ message: 'again', fromDisk: ['workspace'] });
  assert.equal(same.created, false);

  r.write('workspace/code.py', 'print(2)\n');
  fs.rmSync(path.join(r.dir, 'workspace/lib'), { recursive: true });
  r.write('workspace/new/deep/file.txt', 'new');
  const second = await w.commit({ message: 'tools changed files', fromDisk: ['workspace', 'missing-and-untracked'] });
  assert.deepEqual(second.written.sort(), ['workspace/code.py', 'workspace/new/deep/file.txt']);
  assert.deepEqual(second.deleted, ['workspace/lib/util.py']);
  assert.equal(r.git('show', 'HEAD:workspace/code.py'), 'print(2)\n');
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all', '--', 'workspace/code.py', 'workspace/new', 'workspace/lib'), '');
});

test("worktree 'verify': files the caller wrote get their stat only when they match the commit", { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false, worktree: 'verify' });
  t.after(() => w.close());
  r.write('a.md', 'as committed');
  r.write('b.md', 'not what was committed');
  const c = await w.commit({ message: 'caller wrote files', changes: [{ op: 'write', path: 'a.md', content: 'as committed' }, { op: 'write', path: 'b.md', content: 'committed b' }, { op: 'write', path: 'c.md', content: 'never written' }] });
  assert.equal(c.created, true);
  assert.equal(fs.existsSync(path.join(r.dir, 'c.md')), false, 'verify mode writes nothing');
  assert.deepEqual(r.git('status', '--porcelain').split('\n').filter(Boolean).sort(), [' D c.md', ' M b.md'], 'git sees exactly the differences');
});

test('an index version 4 is updated by git itself; status stays clean', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  r.write('x.md', 'x');
  r.git('add', 'x.md');
  r.git('commit', '-q', '-m', 'x');
  r.git('update-index', '--index-version', '4');
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  const c = await w.commit({ message: 'on v4', changes: [{ op: 'write', path: 'y/z.md', content: 'z' }, { op: 'delete', path: 'x.md' }] });
  assert.equal(c.index, 'git');
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '');
  assert.match(r.git('ls-files', '--debug'), /y\/z\.md/);
  r.git('update-index', '--index-version', '2');
  fs.rmSync(path.join(r.dir, '.git', 'index'));
  const d = await w.commit({ message: 'no index file', changes: [{ op: 'write', path: 'w.md', content: 'w' }] });
  assert.equal(d.index, 'git');
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '');
});

test('the index TREE cache stays truthful: git write-tree after our commits gives HEAD\'s tree', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  r.write('a/b/c.md', 'c');
  r.write('a/d.md', 'd');
  r.write('e/f.md', 'f');
  r.git('add', '-A');
  r.git('commit', '-q', '-m', 'person');
  r.git('write-tree'); // fills the TREE extension
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  await w.commit({ message: 'ours', changes: [{ op: 'write', path: 'a/b/c.md', content: 'c2' }, { op: 'delete', path: 'e' }] });
  assert.equal(r.git('write-tree').trim(), r.git('rev-parse', 'HEAD^{tree}').trim());
  r.write('a/b/g.md', 'g');
  r.git('add', 'a/b/g.md');
  r.git('commit', '-q', '-m', 'person again');
  assert.deepEqual(r.git('ls-tree', '-r', '--name-only', 'HEAD').trim().split('\n'), ['a/b/c.md', 'a/b/g.md', 'a/d.md']);
  assert.equal(r.git('show', 'HEAD:a/b/c.md'), 'c2', "the person's commit keeps ours");
});

test('an empty .git folder (the mount point a sandbox killed mid-run leaves) is not a repository: the files beside it are committed', { timeout: 30_000 }, async (t) => {
  const r = makeRepo(t);
  const w = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w.close());
  r.write('workspace/calls.log', 'a\n');
  await w.commit({ message: 'first', fromDisk: ['workspace'] });
  fs.mkdirSync(path.join(r.dir, 'workspace/.git'));
  fs.mkdirSync(path.join(r.dir, 'workspace/sub/.git'), { recursive: true });
  r.write('workspace/calls.log', 'a\nb\n');
  r.write('workspace/sub/x.txt', 'x');
  const c = await w.commit({ message: 'second', fromDisk: ['workspace'] });
  assert.deepEqual([...c.written].sort(), ['workspace/calls.log', 'workspace/sub/x.txt']);
  assert.deepEqual(c.skipped, []);
  assert.equal(r.git('status', '--porcelain', '--untracked-files=no'), '', 'git agrees: nothing left out');
});
