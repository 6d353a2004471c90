// A person committing in a loop (another process, real `git commit`) while the writer commits:
// every commit either side reports is in history, a failure is a clean lock error, the
// repository stays valid. Plus background repacks racing commits.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { GitWriter, hasCodeOf } from './support/git-writer-imports.ts';
import { makeRepo } from './support/git-repo.ts';

test("a person's git commit loop in parallel: both sides' commits kept or cleanly refused", { timeout: 120_000 }, async (t) => {
  const r = makeRepo(t);
  r.git('config', 'user.name', 'Person');
  r.git('config', 'user.email', 'person@example.com');
  const w = await GitWriter.open(r.dir, { repack: false, lockTimeoutMs: 2000 });
  t.after(() => w.close());
  await w.commit({ message: 'start', changes: [{ op: 'write', path: 'agent/0.md', content: '0' }] });
  // The person: edit, add, commit; print the new HEAD on success, "fail" with git's message otherwise.
  const script = `for i in $(seq 1 40); do echo $i > person.md; if git add person.md 2>/tmp/err.$$ && git commit -q -m "person $i" 2>>/tmp/err.$$; then echo "ok $(git rev-parse HEAD)"; else echo "fail $(tr '\\n' ' ' < /tmp/err.$$)"; fi; sleep 0.02; done; rm -f /tmp/err.$$`;
  const person = spawn('sh', ['-c', script], { cwd: r.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  person.stdout.on('data', (d) => (out += d));
  const exited = new Promise((res) => person.on('exit', res));
  const ours: string[] = [];
  const refused: string[] = [];
  for (let i = 1; i <= 40; i++) {
    await new Promise((res) => setTimeout(res, 5)); // a task's model time: the person gets gaps
    try {
      const c = await w.commit({ message: `agent ${i}`, changes: [{ op: 'write', path: `agent/${i % 5}.md`, content: `${i}` }] });
      ours.push(c.sha);
    } catch (e) {
      if (!hasCodeOf(e, 'E_GIT_LOCKED')) throw e;
      refused.push(String(e));
    }
  }
  await exited;
  const lines = out.trim().split('\n');
  const theirs = lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3));
  const failed = lines.filter((l) => l.startsWith('fail'));
  if (process.env.DEBUG_PERSON) console.error(out);
  for (const f of failed) assert.match(f, /index\.lock|cannot lock ref|Unable to create/, `a person's failure is a lock error: ${f}`);
  assert.ok(ours.length >= 30, `most of our commits went through (${ours.length}, refused ${refused.length})`);
  assert.ok(theirs.length >= 1, `the person committed too (${theirs.length}; failed ${failed.length})`);
  for (const sha of [...ours, ...theirs]) assert.equal(r.tryGit('merge-base', '--is-ancestor', sha, 'HEAD').code, 0, `${sha} is in history`);
  const f = r.tryGit('fsck', '--full', '--strict', '--no-progress');
  assert.equal(f.code, 0, f.out);
  // The person's last edit may be uncommitted (a refused add): commit it, then all is clean.
  r.tryGit('add', 'person.md');
  r.tryGit('commit', '-q', '-m', 'person settles');
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all'), '');
  assert.equal(r.git('show', 'HEAD:person.md'), '40\n');
});

test('background repacks race commits safely and keep packs few', { timeout: 120_000 }, async (t) => {
  const r = makeRepo(t);
  const errors: unknown[] = [];
  const w = await GitWriter.open(r.dir, { repack: { everyCommits: 10, maxPacks: 100 }, onHousekeepingError: (e) => errors.push(e) });
  t.after(() => w.close());
  for (let i = 0; i < 120; i++) await w.commit({ message: `c${i}`, changes: [{ op: 'write', path: `f${i % 9}.md`, content: `v${i}` }] });
  await w.close();
  assert.deepEqual(errors, []);
  const packs = r.git('count-objects', '-v').match(/^packs: (\d+)$/m)![1];
  assert.ok(Number(packs) < 40, `geometric repacks kept ${packs} packs for 120 commits`);
  // The reader follows the folder after each repack: it knows no more packs than are on disk
  // plus those written since the last repack (not one per commit for the life of the process).
  assert.ok(w.reader.packsKnown <= Number(packs) + 10, `reader holds ${w.reader.packsKnown} pack indexes, ${packs} packs on disk`);
  assert.equal(r.tryGit('fsck', '--full', '--strict').code, 0);
  assert.equal(r.git('rev-list', '--count', 'HEAD').trim(), '120');
  const w2 = await GitWriter.open(r.dir, { repack: false });
  t.after(() => w2.close());
  await w2.commit({ message: 'after', changes: [{ op: 'write', path: 'f0.md', content: 'x' }] });
  assert.equal(r.git('status', '--porcelain'), '');
});
