import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Git, GitError } from './git.ts';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-git-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const plainGit = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();

test('init, add, commit, history; an enclosing repository is never used', async (t) => {
  const outer = tmp(t);
  plainGit(outer, 'init', '-q');
  const dir = path.join(outer, 'agents', 'orion');
  fs.mkdirSync(dir, { recursive: true });
  const git = new Git(dir);
  assert.equal(await git.isRepo(), false);
  await assert.rejects(git.add(['x']), (e: unknown) => e instanceof GitError && /not a git repository/i.test(e.stderr));
  await git.init();
  assert.equal(await git.isRepo(), true);
  assert.equal(plainGit(dir, 'config', 'user.name'), 'AgentOS');
  assert.equal(plainGit(dir, 'config', 'user.email'), 'agentos@localhost');
  assert.equal(plainGit(dir, 'config', 'core.hooksPath'), '/dev/null');
  assert.equal(plainGit(dir, 'symbolic-ref', 'HEAD'), 'refs/heads/main');
  assert.deepEqual(await git.subjects(), []);
  assert.equal(await git.headSubject(), null);
  assert.equal(await git.hasHead(), false);

  fs.writeFileSync(path.join(dir, 'a.md'), 'a');
  await git.add(['a.md']);
  const sha1 = await git.commit('init: agent filesystem');
  assert.equal(sha1, plainGit(dir, 'rev-parse', 'HEAD'));
  fs.writeFileSync(path.join(dir, 'b.md'), 'b');
  await git.add(['b.md']);
  const sha2 = await git.commit('orion(task): first-task\n\nbody line');
  assert.equal(await git.headSubject(), 'orion(task): first-task');
  assert.deepEqual(await git.subjects(), ['orion(task): first-task', 'init: agent filesystem']);
  assert.deepEqual(await git.subjects(1), ['orion(task): first-task']);
  const log = await git.log(5);
  assert.deepEqual(log.map((e) => [e.sha, e.subject]), [[sha2, 'orion(task): first-task'], [sha1, 'init: agent filesystem']]);
  assert.ok(!Number.isNaN(Date.parse(log[0].date)));
  assert.equal(plainGit(outer, 'status', '--porcelain').includes('agents/'), true, 'the outer repo sees files, never commits');
  assert.throws(() => plainGit(outer, 'rev-parse', 'HEAD'), 'nothing was committed to the outer repository');
});

test('nothing to commit is a GitError unless allowEmpty; paths commit only those paths', async (t) => {
  const dir = tmp(t);
  const git = new Git(dir);
  await git.init();
  await assert.rejects(git.commit('empty'), (e: unknown) => e instanceof GitError && e.code === 'E_GIT' && e.args.includes('commit') && /^git commit .* failed in .*nothing to commit/s.test(e.message));
  await git.commit('empty', { allowEmpty: true });
  fs.writeFileSync(path.join(dir, 'one.md'), '1');
  fs.writeFileSync(path.join(dir, 'two.md'), '2');
  await git.add(['one.md', 'two.md']);
  await git.commit('only one', { paths: ['one.md'] });
  assert.equal(plainGit(dir, 'show', '--name-only', '--format=', 'HEAD'), 'one.md');
  assert.equal(await git.statusPorcelain(), 'A  two.md\n');
  fs.rmSync(path.join(dir, 'one.md'));
  await git.add(['one.md']);
  await git.commit('delete one', { paths: ['one.md'] });
  assert.equal(plainGit(dir, 'ls-files'), 'two.md');
});

test('hooks never run, whatever the repository config says', async (t) => {
  const dir = tmp(t);
  const git = new Git(dir);
  await git.init();
  const marker = path.join(dir, 'hook-ran');
  for (const d of [path.join(dir, '.git', 'hooks'), path.join(dir, 'evil-hooks')]) {
    fs.mkdirSync(d, { recursive: true });
    for (const h of ['pre-commit', 'commit-msg', 'post-commit']) fs.writeFileSync(path.join(d, h), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
  }
  plainGit(dir, 'config', 'core.hooksPath', path.join(dir, 'evil-hooks')); // as an agent might write it
  fs.writeFileSync(path.join(dir, 'x.md'), 'x');
  await git.add(['x.md']);
  await git.commit('x');
  assert.equal(fs.existsSync(marker), false);
  assert.equal(plainGit(dir, 'log', '-1', '--format=%s'), 'x');
});

test('inherited GIT_DIR and GIT_WORK_TREE are ignored', async (t) => {
  const dir = tmp(t);
  const decoy = tmp(t);
  const saved = { GIT_DIR: process.env.GIT_DIR, GIT_WORK_TREE: process.env.GIT_WORK_TREE };
  process.env.GIT_DIR = path.join(decoy, '.git');
  process.env.GIT_WORK_TREE = decoy;
  let git: Git;
  try {
    git = new Git(dir);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await git.init();
  await git.commit('here', { allowEmpty: true });
  assert.equal(await git.headSubject(), 'here');
  assert.equal(fs.existsSync(path.join(decoy, '.git')), false);
});

test('status parses paths exactly; stale locks are recovered; fsck passes', async (t) => {
  const dir = tmp(t);
  const git = new Git(dir);
  await git.init();
  fs.writeFileSync(path.join(dir, 'old name.md'), 'x');
  await git.add(['.']);
  await git.commit('c1');
  fs.renameSync(path.join(dir, 'old name.md'), path.join(dir, 'nouveau é.md'));
  await git.add(['.']);
  fs.writeFileSync(path.join(dir, 'new.md'), 'n');
  assert.deepEqual(await git.status(), [
    { code: 'R ', path: 'nouveau é.md', origPath: 'old name.md' },
    { code: '??', path: 'new.md' },
  ]);
  assert.equal(await git.recoverStaleLock(), false);
  fs.writeFileSync(path.join(dir, '.git', 'index.lock'), '');
  await assert.rejects(git.add(['new.md']), (e: unknown) => e instanceof GitError && /index\.lock/.test(e.stderr));
  assert.equal(await git.recoverStaleLock(), true);
  await git.add(['new.md']);
  await git.commit('c2');
  assert.equal(await git.statusPorcelain(), '');
  const f = await git.fsck();
  assert.equal(f.ok, true, f.output);
  assert.equal(await git.raw(['rev-parse', '--abbrev-ref', 'HEAD']), 'main\n');
});

test('a commit message full of NUL and control characters commits (through stdin, stripped)', async (t) => {
  const dir = tmp(t);
  const git = new Git(dir);
  await git.init();
  fs.writeFileSync(path.join(dir, 'a.md'), 'a');
  await git.add(['a.md']);
  const sha = await git.commit('orion(task): t-1\0\0 reply\x1b[2J\x07 ends\r\n\nbody\0\0\0');
  assert.equal(sha, plainGit(dir, 'rev-parse', 'HEAD'));
  assert.equal(plainGit(dir, 'log', '-1', '--format=%B'), 'orion(task): t-1 reply[2J ends\n\nbody');
  await git.commit('\0\0\0', { allowEmpty: true });
  assert.equal(plainGit(dir, 'log', '-1', '--format=%s'), '(no message)');
});

test('a path git cannot take is refused before git runs', async (t) => {
  const dir = tmp(t);
  const git = new Git(dir);
  await git.init();
  await assert.rejects(git.add(['bad\u0000name']), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'E_GIT_PATH' && /control character/.test(e.message));
  await assert.rejects(git.commit('m', { allowEmpty: true, paths: ['a\nb'] }), (e: unknown) => (e as { code?: string }).code === 'E_GIT_PATH');
});

test('gitPathProblem refuses control characters; a message of megabytes goes through stdin', async (t) => {
  const { gitPathProblem } = await import('./git-safe.ts');
  assert.equal(gitPathProblem('workspace/ok file*.txt'), undefined);
  assert.match(gitPathProblem('workspace/a\u0000b') ?? '', /control character/);
  assert.match(gitPathProblem('workspace/a\nb') ?? '', /control character/);
  assert.match(gitPathProblem('') ?? '', /empty/);
  const dir = tmp(t);
  const git = new Git(dir);
  await git.init();
  await git.commit(`big\n\n${'x'.repeat(3 * 1024 * 1024)}\n`, { allowEmpty: true });
  assert.equal(await git.headSubject(), 'big');
});
