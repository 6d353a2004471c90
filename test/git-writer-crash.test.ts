// kill -9 of a process committing with the git writer in a loop, at random moments, many times:
// after recovery the repository passes `git fsck --full --strict`, HEAD is a complete commit,
// every commit the child reported is in history, and the working tree matches HEAD.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { recoverRepo } from './support/git-writer-imports.ts';
import { makeRepo } from './support/git-repo.ts';

const CHILD = path.join(import.meta.dirname, 'support', 'git-writer-child.ts');
const ROUNDS = 20;

/** Run the child for about `ms`, kill -9 it, and return the commits it reported. */
function runAndKill(dir: string, start: number, ms: number): Promise<{ n: number; sha: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // Start the clock at the first commit, so every kill lands inside the loop, not at startup.
    const arm = () => setTimeout(() => child.kill('SIGKILL'), ms);
    child.stdout.once('data', arm);
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code}: ${err}`));
      resolve(out.split('\n').filter((l) => l.startsWith('done ')).map((l) => ({ n: Number(l.split(' ')[1]), sha: l.split(' ')[2] })));
    });
  });
}

/**
 * A `git repack` the child started outlives it (kill -9 does not reach it). While it swaps packs
 * a concurrent fsck sees packs come and go and reports them: wait until no process works in the
 * repository or below it (git's pack-objects runs in .git/; Linux: /proc/<pid>/cwd), at most 60 s.
 */
async function repackSettled(dir: string): Promise<void> {
  const busy = () =>
    fs.readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
        return cwd === dir || cwd.startsWith(`${dir}/`);
      } catch {
        return false;
      }
    });
  for (let i = 0; i < 1200 && busy(); i++) await new Promise((res) => setTimeout(res, 50));
}

test('kill -9 at random points while committing: fsck strict clean, nothing reported lost, tree = HEAD', { timeout: 240_000 }, async (t) => {
  const r = makeRepo(t);
  let next = 0;
  let reported: { n: number; sha: string }[] = [];
  let rng = 42;
  const rand = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < ROUNDS; round++) {
    const done = await runAndKill(r.dir, next, 5 + Math.floor(rand() * 120));
    reported = reported.concat(done);
    await repackSettled(r.dir);
    const rec = await recoverRepo(r.dir);
    assert.deepEqual(rec.leftAlone, [], `round ${round}: nothing of ours is left half-done`);
    const f = r.tryGit('fsck', '--full', '--strict', '--no-progress');
    assert.equal(f.code, 0, `round ${round}: ${f.out}`);
    // A commit killed before its ref moved leaves dangling objects: normal for git, not damage.
    assert.deepEqual(f.out.split('\n').filter((l) => l && !l.startsWith('dangling ')), [], `round ${round}: ${f.out}`);
    const head = r.tryGit('rev-parse', '--verify', '-q', 'HEAD');
    if (head.code !== 0) continue; // killed before the first commit
    assert.equal(r.tryGit('ls-tree', '-r', 'HEAD').code, 0);
    const counter = Number(r.git('show', 'HEAD:counter.md'));
    for (const d of done) assert.ok(d.n <= counter, `round ${round}: reported commit ${d.n} is in HEAD (${counter})`);
    assert.equal(Number(r.git('rev-list', '--count', 'HEAD')), counter + 1, 'history is linear: one commit per task');
    assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '', `round ${round}: working tree and index follow HEAD`);
    assert.equal(fs.readFileSync(path.join(r.dir, 'counter.md'), 'utf8'), `${counter}\n`);
    next = counter + 1;
  }
  assert.ok(reported.length >= ROUNDS, `the child committed (${reported.length} commits reported)`);
  for (const d of reported) assert.equal(r.tryGit('merge-base', '--is-ancestor', d.sha, 'HEAD').code, 0, `commit ${d.n} survived`);
  r.git('gc', '-q');
  assert.equal(r.tryGit('fsck', '--full', '--strict').code, 0);
});
