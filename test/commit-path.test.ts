// The commit path through the kernel (issue 10): the commit is the journal. Objects are durable
// before the ref moves and nothing in the working tree changes before it; queue.md in the commit
// is the file minus the task while appends that land meanwhile stay in the working tree; a
// person's commits in between are built on; a person's git racing the daemon is safe; no journal
// is written; git status is clean and fsck --full --strict is too.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { openSystem } from '../src/compose/index.ts';
import type { Runtime, RuntimeEvent } from '../src/kernel/index.ts';
import { startScriptedServer, type ScriptedServer } from '../src/models/index.ts';
import { parseQueue, type GitWriterOptions } from '../src/store/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { durabilityViolations } from './support/durability.ts';
import { recordingFs, type FsEvent } from './support/git-writer-imports.ts';
import { modelSettings, report, tempDataDir } from './support/harness.ts';

const run = promisify(execFile);
const PERSON = { ...process.env, GIT_AUTHOR_NAME: 'Person', GIT_AUTHOR_EMAIL: 'p@example.com', GIT_COMMITTER_NAME: 'Person', GIT_COMMITTER_EMAIL: 'p@example.com' };

async function open(dir: string, server: ScriptedServer, gitWriter?: GitWriterOptions): Promise<{ runtime: Runtime; events: RuntimeEvent[]; close: () => Promise<void> }> {
  const system = await openSystem({ dataDir: dir, model: modelSettings(server), log: silentLogger(), pollIntervalMs: 60_000, tools: false, runtime: { gitWriter } });
  const events: RuntimeEvent[] = [];
  system.runtime.events.on('event', (e) => events.push(e));
  return { runtime: system.runtime, events, close: () => system.close() };
}

function block(id: string): string {
  return `\n## ${id}\ntask: commit path task ${id}\npriority: normal\ncreated: 2026-01-01T00:00:00Z\n`;
}

function gitIn(repo: string) {
  return (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: PERSON });
}

/** Status clean; fsck --full --strict clean (`dangling`: commits a person's refused `git commit` wrote before its ref lock failed). */
function assertClean(repo: string, dangling = false): void {
  const git = gitIn(repo);
  assert.equal(git('status', '--porcelain', '--untracked-files=all'), '', 'git status is clean');
  const fsck = git('fsck', '--full', '--strict', '--no-progress').split('\n').filter((l) => l && !(dangling && /^dangling commit [0-9a-f]{40}$/.test(l)));
  assert.deepEqual(fsck, [], 'fsck --full --strict is clean');
}

const completed = (events: RuntimeEvent[]) => events.filter((e) => e.type === 'task.completed').map((e) => (e as { task: string }).task);

test('through the kernel: the objects are durable before the ref moves; no working-tree file and no queue.md byte changes before it; no journal', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const server = await startScriptedServer({ format: 'openai', script: () => report() });
  t.after(() => server.close());
  const repo = path.join(dir, 'agents', 'orion');
  const refFile = path.join(repo, '.git', 'refs', 'heads', 'main');
  const queue = path.join(repo, 'queue.md');
  const events: FsEvent[] = [];
  const seen: string[] = [];
  const before = (e: FsEvent) => {
    if (e.op !== 'rename' || e.to !== refFile) return;
    // The instant the ref moves: the working tree is still what the parent commit holds.
    const git = gitIn(repo);
    seen.push(`queue holds t1: ${readFileSync(queue, 'utf8').includes('## t1')}`);
    seen.push(`rewards.md as HEAD: ${readFileSync(path.join(repo, 'rewards.md'), 'utf8') === git('show', 'HEAD:rewards.md')}`);
    seen.push(`no skill file yet: ${!existsSync(path.join(repo, 'skills', 'retry-with-backoff', 'SKILL.md'))}`);
  };
  const h = await open(dir, server, { fs: recordingFs(events, before), repack: false });
  try {
    appendFileSync(queue, block('t1'));
    await h.runtime.drain();
    assert.deepEqual(completed(h.events), ['t1']);
    assert.deepEqual(durabilityViolations(events, refFile), [], events.map((e) => `${e.op} ${path.basename(e.path)}`).join('\n'));
    assert.deepEqual(seen, ['queue holds t1: true', 'rewards.md as HEAD: true', 'no skill file yet: true']);
    const git = gitIn(repo);
    assert.equal(git('log', '-1', '--format=%s').trim(), 'orion(task): t1');
    assert.ok(!git('show', 'HEAD:queue.md').includes('## t1'), 'the task left queue.md in its own commit');
    assert.ok(existsSync(path.join(repo, 'skills', 'retry-with-backoff', 'SKILL.md')), 'the working tree followed the commit');
    assert.ok(!existsSync(path.join(dir, '.agentos', 'journal')), 'no journal is written');
    assertClean(repo);
  } finally {
    await h.close();
  }
});

test('the durability check fails on a kernel path that moves the ref without the writer (git CLI)', async (t) => {
  // What the test above would see if the kernel committed with `git commit`: no recorded ref rename.
  assert.deepEqual(durabilityViolations([], '/r/.git/refs/heads/main'), ['the ref was never renamed into place']);
  const ref = '/r/.git/refs/heads/main';
  const early: FsEvent[] = [{ op: 'fsync', path: `${ref}.lock` }, { op: 'rename', path: `${ref}.lock`, to: ref }, { op: 'rename', path: '/r/.git/objects/pack/tmp', to: '/r/.git/objects/pack/p.pack' }];
  assert.match(durabilityViolations(early, ref).join(), /no object file was published before the ref moved/);
  t.diagnostic('checked');
});

test('queue.md: the commit holds the file minus the task; an append that lands during the commit stays in the working tree and runs next', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const server = await startScriptedServer({ format: 'openai', script: () => report() });
  t.after(() => server.close());
  const repo = path.join(dir, 'agents', 'orion');
  const refFile = path.join(repo, '.git', 'refs', 'heads', 'main');
  const queue = path.join(repo, 'queue.md');
  let lateAppended = false;
  const before = (e: FsEvent) => {
    // A person's `cat >>` lands after the commit read queue.md and before its ref moved.
    if (e.op === 'rename' && e.to === refFile && !lateAppended) {
      lateAppended = true;
      appendFileSync(queue, block('late'));
    }
  };
  const h = await open(dir, server, { fs: recordingFs([], before), repack: false });
  try {
    appendFileSync(queue, block('first'));
    await h.runtime.drain();
    assert.deepEqual(completed(h.events), ['first', 'late']);
    const git = gitIn(repo);
    const [lateSha, firstSha] = git('log', '-2', '--format=%H').trim().split('\n');
    const firstQueue = git('show', `${firstSha}:queue.md`);
    assert.ok(!firstQueue.includes('## first') && !firstQueue.includes('## late'), `the first commit's queue.md is the file it read minus the task:\n${firstQueue}`);
    assert.ok(!git('show', `${lateSha}:queue.md`).includes('## late'));
    assert.equal(parseQueue(readFileSync(queue, 'utf8')).tasks.length, 0);
    assertClean(repo);
  } finally {
    await h.close();
  }
});

test('appends racing commits: whole and torn appends while tasks commit; every task once, nothing rejected, status clean', { timeout: 180_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const server = await startScriptedServer({ format: 'openai', script: () => ({ delayMs: Math.floor(Math.random() * 3), then: report() }) });
  t.after(() => server.close());
  const repo = path.join(dir, 'agents', 'orion');
  const queue = path.join(repo, 'queue.md');
  const h = await open(dir, server);
  try {
    h.runtime.start();
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = `race-${i}`;
      ids.push(id);
      const text = block(id);
      if (i % 5 === 0) {
        // A slow `cat >>`: half a block, then the rest a little later through the same open file
        // (the store holds the half block until it settles, and moves what lands on a replaced file).
        const fd = openSync(queue, 'a');
        writeSync(fd, text.slice(0, 20));
        await new Promise((r) => setTimeout(r, Math.random() * 10));
        writeSync(fd, text.slice(20));
        closeSync(fd);
      } else appendFileSync(queue, text);
      await new Promise((r) => setTimeout(r, Math.random() * 15));
    }
    for (let waited = 0; completed(h.events).length < ids.length && waited < 150_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const rejectedFile = path.join(repo, 'queue.rejected.md');
    const why = () => JSON.stringify({ rejected: existsSync(rejectedFile) ? readFileSync(rejectedFile, 'utf8') : '', queue: readFileSync(queue, 'utf8').slice(-2000) }, null, 1);
    assert.deepEqual([...completed(h.events)].sort(), [...ids].sort(), why());
    const subjects = gitIn(repo)('log', '--format=%s').trim().split('\n').filter((s) => s.startsWith('orion(task): '));
    assert.equal(subjects.length, ids.length, 'each task committed exactly once');
    assert.ok(!existsSync(path.join(repo, 'queue.rejected.md')), 'nothing was rejected');
    assert.equal(parseQueue(readFileSync(queue, 'utf8')).tasks.length, 0);
    await h.close();
    assertClean(repo);
  } finally {
    await h.close();
  }
});

test("a person's commits between tasks are built on; a person's git racing the daemon is safe (git's locks); history stays linear", { timeout: 180_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const server = await startScriptedServer({ format: 'openai', script: () => ({ delayMs: Math.floor(Math.random() * 5), then: report() }) });
  t.after(() => server.close());
  const repo = path.join(dir, 'agents', 'orion');
  const queue = path.join(repo, 'queue.md');
  const git = gitIn(repo);
  const h = await open(dir, server);
  try {
    appendFileSync(queue, block('before-person'));
    await h.runtime.drain();
    // A person edits and commits between tasks; their uncommitted edit of another file stays theirs.
    writeFileSync(path.join(repo, 'persona.md'), 'Edited by a person.\n');
    git('commit', '-q', '-am', 'person: persona');
    writeFileSync(path.join(repo, 'constraints.md'), `${readFileSync(path.join(repo, 'constraints.md'), 'utf8')}- a person's draft\n`);
    appendFileSync(queue, block('after-person'));
    await h.runtime.drain();
    assert.equal(git('log', '-1', '--format=%s').trim(), 'orion(task): after-person');
    assert.equal(git('log', '-1', '--format=%P').trim(), git('rev-parse', 'HEAD~1').trim());
    assert.equal(git('log', '-1', '--skip=1', '--format=%s').trim(), 'person: persona', "the person's commit is the task's parent");
    assert.equal(git('show', 'HEAD:persona.md'), 'Edited by a person.\n');
    assert.equal(git('status', '--porcelain').trim(), 'M constraints.md', "the person's uncommitted edit is left as it was");
    git('checkout', '-q', '--', 'constraints.md');

    // Now a person commits in a loop while 20 tasks run.
    h.runtime.start();
    let stop = false;
    let personCommits = 0;
    let lockRefusals = 0;
    const person = (async () => {
      for (let i = 0; !stop && i < 400; i++) {
        try {
          await run('git', ['-C', repo, 'commit', '-q', '--allow-empty', '-m', `person: note ${i}`], { env: PERSON });
          personCommits++;
        } catch (e) {
          if (!/index\.lock|cannot lock ref/.test(String((e as { stderr?: string }).stderr))) throw e;
          lockRefusals++; // git's own protocol: the daemon held the lock
        }
        await new Promise((r) => setTimeout(r, Math.random() * 10));
      }
    })();
    const ids = Array.from({ length: 20 }, (_, i) => `raced-${i}`);
    appendFileSync(queue, ids.map(block).join(''));
    for (let waited = 0; ids.some((id) => !completed(h.events).includes(id)) && waited < 150_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await person;
    t.diagnostic(`person commits: ${personCommits}, refused by git's lock: ${lockRefusals}`);
    const log = git('log', '--format=%s%x09%P').trim().split('\n');
    assert.ok(log.every((l) => (l.split('\t')[1] ?? '').split(' ').filter(Boolean).length <= 1), 'no merge: one line of history');
    const subjects = log.map((l) => l.split('\t')[0]);
    for (const id of ids) assert.equal(subjects.filter((s) => s === `orion(task): ${id}`).length, 1, id);
    assert.equal(subjects.filter((s) => s.startsWith('person: note ')).length, personCommits, "every person's commit is in history");
    await h.close();
    assertClean(repo, true);
  } finally {
    await h.close();
  }
});

test('an intake rejection and a dead letter commit through the writer: status clean, fsck strict clean', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir();
  t.after(cleanup);
  const server = await startScriptedServer({ format: 'openai', script: () => report() });
  t.after(() => server.close());
  const repo = path.join(dir, 'agents', 'orion');
  const h = await open(dir, server);
  try {
    appendFileSync(path.join(repo, 'queue.md'), '\n## bad\npriority: urgent\n' + `\n## old\ntask: expired\npriority: normal\ncreated: 2020-01-01T00:00:00Z\nttl: 1s\n`);
    await h.runtime.drain();
    const subjects = gitIn(repo)('log', '--format=%s').trim().split('\n');
    assert.ok(subjects.some((s) => s.startsWith('orion(intake): rejected bad')), subjects.join('\n'));
    assert.ok(subjects.includes('orion(dead-letter): old'), subjects.join('\n'));
    assert.match(gitIn(repo)('show', 'HEAD:queue.rejected.md'), /## bad/);
    assertClean(repo);
  } finally {
    await h.close();
  }
});
