// Revert and rewind on an agent with 20 tasks (issue 11): each is a new commit; the files equal
// the tree at the target (git ls-tree of everything but queue.md, ledger/ and iac/, which are
// never rolled back); git fsck is clean; a later task still runs; `done` is unaffected.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf, tempDataDir, type Harness } from './support/harness.ts';

const N = 20;
const id = (i: number) => `t-${String(i).padStart(2, '0')}`;
/** What a rollback never changes. */
const kept = (p: string) => p === 'queue.md' || p === 'queue.rejected.md' || p.startsWith('ledger/') || p.startsWith('iac/');

/** `git ls-tree -r` of a commit: the rolled-back part (mind and workspace) and the kept part. */
function tree(repo: string, rev: string): { mind: string; kept: string } {
  const lines = execFileSync('git', ['-C', repo, 'ls-tree', '-r', '--full-tree', rev], { encoding: 'utf8' }).trim().split('\n');
  const pathOf = (l: string) => l.slice(l.indexOf('\t') + 1);
  return { mind: lines.filter((l) => !kept(pathOf(l))).join('\n'), kept: lines.filter((l) => kept(pathOf(l))).join('\n') };
}

const board = (marks: Set<number>) => Array.from({ length: N }, (_, k) => `slot ${k + 1}: ${marks.has(k + 1) ? `done by ${id(k + 1)}` : 'empty'}\n.\n.\n.\n`).join('');

/** Each task writes its own note, marks its slot on a shared board, learns (rewards, reflections, a skill every few tasks). */
function scriptFor(dir: () => string) {
  const marks = new Set<number>();
  return (req: Parameters<typeof taskIdOf>[0]) => {
    const t = taskIdOf(req);
    const n = Number(t.slice(2));
    const ws = path.join(dir(), 'agents/orion/workspace');
    if (n) {
      mkdirSync(path.join(ws, 'notes'), { recursive: true });
      writeFileSync(path.join(ws, 'notes', `${t}.txt`), `the note of ${t}\n`);
      if (n <= N) {
        marks.add(n);
        writeFileSync(path.join(ws, 'board.txt'), board(marks));
      }
    }
    // Tasks 10 and 12 strengthen the same skill: its file then has lines both changed (a real conflict).
    const skill = n === 10 || n === 12 ? { name: 'deploy safely', description: 'Stage, then roll out', body: `Learned in ${t}.` } : null;
    return report({ reward: n % 7 === 0 ? -1 : 1, outcome: n % 7 === 0 ? 'failure' : 'success', skill, reflection: `what ${t} taught` });
  };
}

async function twentyTasks(): Promise<{ h: Harness; repo: string; git: Git; sha: Map<string, string> }> {
  let dir = '';
  const h = await startHarness({ script: scriptFor(() => dir) });
  dir = h.dir;
  mkdirSync(path.join(dir, 'agents/orion/workspace'), { recursive: true });
  writeFileSync(path.join(dir, 'agents/orion/workspace/board.txt'), board(new Set()));
  for (let i = 1; i <= N; i++) await h.runtime.enqueue('orion', { id: id(i), task: `Do step ${i}.`, priority: 'normal', created: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` });
  await h.runtime.drain();
  const repo = path.join(dir, 'agents/orion');
  const git = new Git(repo);
  const sha = new Map<string, string>();
  for (const l of (await git.raw(['log', '--format=%H %s'])).trim().split('\n')) {
    const m = /^(\w+) orion\(task\): (\S+)$/.exec(l);
    if (m) sha.set(m[2], m[1]);
  }
  assert.equal(sha.size, N, 'twenty task commits');
  return { h, repo, git, sha };
}

test('revert and rewind on an agent with 20 tasks: trees equal the target, fsck clean, later tasks run, done unaffected', { timeout: 240_000 }, async (t) => {
  const { h, repo, git, sha } = await twentyTasks();
  t.after(() => h.close());
  const rt = h.runtime;
  const figures: string[] = [];

  // Revert the last task: nothing later touched its files, so the mind and workspace equal the tree before it.
  let before = tree(repo, 'HEAD');
  const r20 = await rt.revert('orion', id(20));
  assert.equal(await git.headSubject(), `orion(revert): ${id(20)}`);
  assert.equal(tree(repo, 'HEAD').mind, tree(repo, sha.get(id(19))!).mind, 'after reverting the last task: the tree of the task before it');
  assert.equal(tree(repo, 'HEAD').kept, before.kept, 'queue.md, ledger/ and iac/ untouched');
  assert.deepEqual(r20.later, []);
  figures.push(`revert ${id(20)}: ${r20.files.filter((f) => f.action !== 'unchanged').length} files restored, tree = ${id(19)}'s`);

  // A task in the middle: later tasks appended next to its lines (merged) and changed a skill it changed (a conflict).
  const refused = await rt.revert('orion', id(10)).then(() => undefined, (e: Error & { code?: string }) => e);
  assert.equal(refused?.code, 'ROLLBACK_CONFLICT');
  assert.match(refused!.message, /skills\/deploy-safely\/SKILL\.md \(t-12[,)]/);
  assert.match(refused!.message, /--force/);
  assert.equal(await git.headSubject(), `orion(revert): ${id(20)}`, 'a refused revert changes nothing');
  before = tree(repo, 'HEAD');
  const r10 = await rt.revert('orion', id(10), { force: true });
  const action = (p: string) => r10.files.find((f) => f.path === p)?.action;
  assert.equal(action('workspace/notes/t-10.txt'), 'restored');
  assert.equal(action('workspace/board.txt'), 'merged');
  assert.equal(action('rewards.md'), 'merged');
  assert.equal(action('skills/deploy-safely/SKILL.md'), 'forced');
  const ls = (rev: string, p: string) => execFileSync('git', ['-C', repo, 'ls-tree', rev, '--', p], { encoding: 'utf8' });
  for (const f of r10.files.filter((x) => x.action === 'restored' || x.action === 'forced')) assert.equal(ls('HEAD', f.path), ls(`${sha.get(id(10))}^`, f.path), `${f.path}: as before ${id(10)}`);
  const boardNow = readFileSync(path.join(repo, 'workspace/board.txt'), 'utf8');
  assert.match(boardNow, /^slot 10: empty$/m, 'the reverted mark is gone');
  assert.match(boardNow, /^slot 11: done by t-11$/m, 'later marks stay');
  assert.match(boardNow, /^slot 20: empty$/m, 'the earlier revert stays');
  const rewards = readFileSync(path.join(repo, 'rewards.md'), 'utf8');
  assert.ok(!/task: t-10$/m.test(rewards) && /task: t-11$/m.test(rewards) && /task: t-19$/m.test(rewards), 'its reward entry left, later ones stayed');
  assert.equal(tree(repo, 'HEAD').kept, before.kept);
  const body = await git.raw(['log', '-1', '--format=%B']);
  assert.match(body, /^- skills\/deploy-safely\/SKILL\.md: forced \(later: t-12\)$/m);
  assert.match(body, /not rolled back: queue\.md/);
  await assert.rejects(rt.revert('orion', id(10)), /already reverted/);
  await assert.rejects(rt.revert('orion', 'no-such-task'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
  figures.push(`revert ${id(10)}: ${r10.files.filter((f) => f.action === 'merged').length} merged, ${r10.files.filter((f) => f.action === 'forced').length} forced, later: ${r10.later.length} file(s)`);

  // Rewind by task id, then by commit: the mind and workspace equal the target's tree; the kept part does not move.
  before = tree(repo, 'HEAD');
  const w5 = await rt.rewind('orion', id(5));
  assert.equal(await git.headSubject(), `orion(rewind): ${id(5)}`);
  assert.equal(tree(repo, 'HEAD').mind, tree(repo, sha.get(id(5))!).mind, 'rewound to t-05: the same tree');
  assert.equal(tree(repo, 'HEAD').kept, before.kept, 'queue.md is not rewound');
  assert.deepEqual(w5.undone.slice(0, 3), [id(6), id(7), id(8)]);
  const target = sha.get(id(15))!;
  const w15 = await rt.rewind('orion', target);
  assert.equal(tree(repo, 'HEAD').mind, tree(repo, target).mind, 'rewound forward to the commit of t-15: the same tree');
  figures.push(`rewind ${id(5)}: ${w5.files.length} files; rewind ${target.slice(0, 8)}: ${w15.files.length} files`);
  await assert.rejects(rt.rewind('orion', 'deadbeef'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');

  // History is whole, the repository is sound, the tree is clean, done is unaffected, a later task runs.
  const fsck = spawnSync('git', ['-C', repo, 'fsck', '--full', '--strict', '--no-progress'], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stderr);
  assert.equal((await git.statusPorcelain()).trim(), '');
  const subjects = await git.subjects();
  assert.equal(subjects.filter((s) => s.startsWith('orion(task): ')).length, N, 'every task commit is still in history');
  const w = rt.worker('orion');
  for (let i = 1; i <= N; i++) assert.ok(w.ctx.done.has(id(i)), `${id(i)} is still done`);
  await assert.rejects(rt.enqueue('orion', { id: id(3), task: 'again', priority: 'normal' }), /already used/);
  await rt.enqueue('orion', { id: 't-21', task: 'Do step 21.', priority: 'normal' });
  await rt.drain();
  assert.equal(await git.headSubject(), 'orion(task): t-21');
  assert.equal((await git.statusPorcelain()).trim(), '');
  const rolled = h.events.filter((e) => e.type === 'agent.rolled_back').map((e) => (e as { kind: string }).kind);
  assert.deepEqual(rolled, ['revert', 'revert', 'rewind', 'rewind']);
  t.diagnostic(figures.join('; '));
});

test('a rollback asked for while a task runs waits for its commit; the CLI refuses while a daemon holds the data directory (exit 4)', { timeout: 120_000 }, async (t) => {
  let slow = false;
  const tmp = tempDataDir();
  t.after(tmp.cleanup);
  const h = await startHarness({ dir: tmp.dir, script: (req) => (slow && taskIdOf(req) === 'slow' ? { delayMs: 1500, then: report() } : report()) });
  const rt = h.runtime;
  await rt.enqueue('orion', { id: 'first', task: 'First.', priority: 'normal', created: '2026-01-01T00:00:01Z' });
  await rt.drain();
  slow = true;
  await rt.enqueue('orion', { id: 'slow', task: 'Slow.', priority: 'normal', created: '2026-01-01T00:00:02Z' });
  const draining = rt.drain();
  while (!h.events.some((e) => e.type === 'task.started' && e.task === 'slow')) await new Promise((r) => setTimeout(r, 20));
  const r = await rt.revert('orion', 'first', { force: true });
  const order = h.events.filter((e) => e.type === 'task.completed' || e.type === 'agent.rolled_back').map((e) => e.type);
  assert.deepEqual(order, ['task.completed', 'task.completed', 'agent.rolled_back'], 'the revert ran after the running task committed');
  assert.equal(r.target, 'first');
  await draining;

  const cli = spawnSync(process.execPath, [path.join(import.meta.dirname, '../bin/agentos.js'), 'revert', 'orion', 'slow', '--data', h.dir], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(cli.status, 4, cli.stderr);
  assert.match(cli.stderr, /another agentos runtime \(pid \d+\) is running/);
  assert.match(cli.stderr, /POST .*\/agents\/orion\/revert -d .{"task":"slow"}./);
  const rw = spawnSync(process.execPath, [path.join(import.meta.dirname, '../bin/agentos.js'), 'rewind', 'orion', '--to', 'first', '--data', h.dir], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(rw.status, 4, rw.stderr);

  // With the daemon stopped, the CLI does it itself.
  await h.close();
  const ok = spawnSync(process.execPath, [path.join(import.meta.dirname, '../bin/agentos.js'), 'rewind', 'orion', '--to', 'first', '--data', tmp.dir, '--json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LLM_BASE_URL: 'http://127.0.0.1:9/v1' } });
  assert.equal(ok.status, 0, ok.stderr);
  const report2 = JSON.parse(ok.stdout) as { kind: string; target: string; undone: string[] };
  assert.deepEqual([report2.kind, report2.target, report2.undone], ['rewind', 'first', ['slow']]);
  // The rewind already took back what `slow` did: its revert changes nothing, and says so.
  const again = spawnSync(process.execPath, [path.join(import.meta.dirname, '../bin/agentos.js'), 'revert', 'orion', 'slow', '--data', tmp.dir], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LLM_BASE_URL: 'http://127.0.0.1:9/v1' } });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^orion: revert slow committed as [0-9a-f]{12} \(0 file\(s\) changed\)$/m);
  assert.match(again.stdout, /not rolled back: queue\.md/);
  assert.equal(execFileSync('git', ['-C', path.join(tmp.dir, 'agents/orion'), 'log', '-2', '--format=%s'], { encoding: 'utf8' }).trim(), 'orion(revert): slow\norion(rewind): first');
});
