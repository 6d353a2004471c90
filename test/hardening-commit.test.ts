// The commit path under hostile input (issue 9, "stops work" 1): a NUL byte in a model reply, a
// journal that cannot be replayed, a commit that fails, and workspace files a tool wrote.
// Nothing vanishes: every task ends committed, dead-lettered with the reason, or still queued.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { Git, parseQueue, serializeTask } from '../src/store/index.ts';
import { report, startHarness, taskIdOf, tempDataDir } from './support/harness.ts';

const NUL = '\u0000';

test('a NUL byte (and other control characters) in a model reply: the task commits, git holds no NUL, a restart is clean', async () => {
  const { dir, cleanup } = tempDataDir();
  const script = () => report({ response: `before${NUL}after \u001b[31m\u0007 done`, reflection: `r${NUL}x`, skill: { name: `nul${NUL}skill`, description: `d${NUL}`, body: `b${NUL}` }, context_tags: [`t${NUL}ag`] });
  let h = await startHarness({ dir, script });
  try {
    await h.runtime.enqueue('orion', { id: 'nul-1', task: `Echo this${NUL}back`, priority: 'normal' });
    await h.runtime.drain();
    assert.deepEqual(h.events.filter((e) => e.type === 'task.completed').map((e) => (e as { task: string }).task), ['nul-1']);
    const body = await new Git(path.join(dir, 'agents/orion')).raw(['log', '-1', '--format=%B']);
    assert.match(body, /^orion\(task\): nul-1$/m);
    assert.match(body, /beforeafter \[31m done/);
    assert.ok(!body.includes(NUL));
    assert.ok(!existsSync(path.join(dir, '.agentos/journal/orion.json')), 'no journal left behind');
  } finally {
    await h.system.close();
    await h.server.close();
  }
  // The restart that used to throw for every agent.
  h = await startHarness({ dir, script });
  try {
    await h.runtime.enqueue('orion', { id: 'nul-2', task: 'Again.', priority: 'normal' });
    await h.runtime.drain();
    assert.equal(h.events.filter((e) => e.type === 'task.completed').length, 1);
  } finally {
    await h.close();
    cleanup();
  }
});

/** A data dir with one task left as a crash mid-commit leaves it: out of queue.md, journal written. */
async function crashedMidCommit(journal: (block: string) => string): Promise<{ dir: string; cleanup: () => void; block: string }> {
  const { dir, cleanup } = tempDataDir();
  const h = await startHarness({ dir, script: () => report() });
  await h.system.close();
  await h.server.close();
  const block = serializeTask({ id: 'j1', task: 'Count the tests.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  const queue = path.join(dir, 'agents/orion/queue.md');
  writeFileSync(queue, `${readFileSync(queue, 'utf8')}`); // the block is already gone from queue.md
  mkdirSync(path.join(dir, '.agentos/journal'), { recursive: true });
  writeFileSync(path.join(dir, '.agentos/journal/orion.json'), journal(block));
  return { dir, cleanup, block };
}

for (const [name, journal, reason] of [
  ['a change it may not apply', (b: string) => JSON.stringify({ v: 1, message: 'orion(task): j1', changes: [{ op: 'write', path: '.git/config', content: 'x' }], dequeue: ['j1'], blocks: [b] }), /refused change to "\.git\/config": git's own files/],
  ['a newer version', (b: string) => JSON.stringify({ v: 99, message: 'orion(task): j1', changes: [], dequeue: ['j1'], blocks: [b] }), /journal version 99 is from a newer AgentOS/],
  ['not JSON', (b: string) => `{"v":1,"dequeue":["j1"],"blocks":[${JSON.stringify(b)}],"message":`, /not JSON/],
] as const) {
  test(`a journal that cannot be replayed (${name}) is quarantined with the reason; the runtime starts; the task runs`, async () => {
    const { dir, cleanup } = await crashedMidCommit(journal);
    const h = await startHarness({ dir, script: () => report() });
    try {
      const q = path.join(dir, '.agentos/journal/quarantine');
      const files = readdirSync(q);
      assert.equal(files.length, 1);
      const text = readFileSync(path.join(q, files[0]), 'utf8');
      assert.match(text, reason);
      assert.match(text, /^- j1: (put back in queue\.md|not in queue\.md and its block is not in the journal)/m);
      assert.ok(!existsSync(path.join(dir, '.agentos/journal/orion.json')));
      if (/put back/.test(text)) {
        await h.runtime.drain();
        assert.deepEqual(h.events.filter((e) => e.type === 'task.completed').map((e) => (e as { task: string }).task), ['j1']);
      }
    } finally {
      await h.close();
      cleanup();
    }
  });
}

test('the original bug: a journal whose message holds a NUL replays (the message is made safe), exactly once', async () => {
  const { dir, cleanup } = await crashedMidCommit(() => JSON.stringify({ message: `orion(task): j1\n\nanswer${NUL}here`, changes: [{ op: 'write', path: 'notes.md', content: 'n' }], dequeue: ['j1'] }));
  const h = await startHarness({ dir, script: () => report() });
  try {
    const git = new Git(path.join(dir, 'agents/orion'));
    assert.equal(await git.headSubject(), 'orion(task): j1');
    assert.match(await git.raw(['log', '-1', '--format=%B']), /answerhere/);
    await h.runtime.drain();
    assert.equal(h.server.requests.length, 0, 'j1 is not run again');
  } finally {
    await h.close();
    cleanup();
  }
});

test('a commit that fails is undone: the task stays queued, the learned files stay as HEAD has them, then it commits once', async () => {
  const { dir, cleanup } = tempDataDir();
  const lock = path.join(dir, 'agents/orion/.git/index.lock');
  let calls = 0;
  const h = await startHarness({
    dir,
    script: () => {
      // The first answer finds git locked (its commit fails); the second finds it free.
      if (++calls === 1) writeFileSync(lock, '');
      else rmSync(lock, { force: true });
      return report();
    },
  });
  try {
    await h.runtime.enqueue('orion', { id: 'locked', task: 'Commit me.', priority: 'normal' });
    await h.runtime.drain();
    const git = new Git(path.join(dir, 'agents/orion'));
    const subjects = await git.subjects();
    assert.equal(subjects.filter((s) => s === 'orion(task): locked').length, 1);
    assert.equal(calls, 2);
    assert.equal(parseQueue(readFileSync(path.join(dir, 'agents/orion/queue.md'), 'utf8')).tasks.length, 0);
    const rewards = readFileSync(path.join(dir, 'agents/orion/rewards.md'), 'utf8');
    assert.equal(rewards.match(/task: locked/g)?.length, 1, `the failed attempt left no learning behind:\n${rewards}\n${await git.raw(['log', '--stat', '-3'])}`);
    assert.equal((await git.statusPorcelain()).trim(), '', 'the tree is clean');
  } finally {
    await h.close();
    cleanup();
  }
});

test('workspace files a tool wrote are committed with the task: .gitignore holds, size caps hold, secrets stay out, what is left out is named', async () => {
  const { dir, cleanup } = tempDataDir();
  const ws = path.join(dir, 'agents/orion/workspace');
  const h = await startHarness({
    dir,
    script: (req) => {
      // What a tool run would have left in the workspace while the model worked.
      if (taskIdOf(req) === 'write') {
        writeFileSync(path.join(ws, 'out.txt'), 'result\n');
        mkdirSync(path.join(ws, 'src'), { recursive: true });
        writeFileSync(path.join(ws, 'src', 'a b*.ts'), 'export {}\n');
        writeFileSync(path.join(ws, 'big.bin'), Buffer.alloc(2 * 1024 * 1024, 1));
        writeFileSync(path.join(ws, 'secret.env'), 'LLM_API_KEY=sk-test-secret-key-123\n'); // the harness's registered key
        mkdirSync(path.join(ws, 'node_modules', 'x'), { recursive: true });
        writeFileSync(path.join(ws, 'node_modules', 'x', 'index.js'), '');
        mkdirSync(path.join(ws, 'vendored'), { recursive: true });
        execFileSync('git', ['init', '-q', path.join(ws, 'vendored')]);
      } else rmSync(path.join(ws, 'out.txt'));
      return report();
    },
  });
  try {
    await h.runtime.enqueue('orion', { id: 'write', task: 'Write files.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
    await h.runtime.drain();
    const git = new Git(path.join(dir, 'agents/orion'));
    const tree = (await git.raw(['ls-tree', '-r', '--name-only', 'HEAD', 'workspace'])).trim().split('\n').sort();
    assert.deepEqual(tree, ['workspace/.gitkeep', 'workspace/out.txt', 'workspace/src/a b*.ts']);
    const body = await git.raw(['log', '-1', '--format=%B']);
    assert.match(body, /^orion\(task\): write$/m);
    assert.match(body, /workspace files not versioned \(3\):\n- workspace\/big\.bin: 2097152 bytes, over workspace\.max_file_kb \(1024 KiB\)\n- workspace\/secret\.env: holds a secret or personal data .*\n- workspace\/vendored\/: a git repository of its own/);
    assert.ok(!(await git.raw(['log', '-p', '--all'])).includes('sk-test-secret-key-123'), 'the key never reaches git');
    await h.runtime.enqueue('orion', { id: 'delete', task: 'Delete it.', priority: 'normal', created: '2026-01-01T00:00:01Z' });
    await h.runtime.drain();
    assert.ok(!(await git.raw(['ls-tree', '-r', '--name-only', 'HEAD', 'workspace'])).includes('out.txt'), 'a deletion is committed too');
  } finally {
    await h.close();
    cleanup();
  }
});
