import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { setImmediate as tick } from 'node:timers/promises';
import { QueueFile } from './queue-file.ts';
import { readRejected, parseRejected } from './rejected-file.ts';
import { parseQueue, serializeTask } from './queue-codec.ts';
import { DuplicateTaskError } from './errors.ts';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-queue-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(dir: string, opts = {}) {
  return new QueueFile(path.join(dir, 'a', 'queue.md'), path.join(dir, 'a', 'queue.rejected.md'), opts);
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), what);
}

test('a missing queue reads empty; append creates it; duplicate ids are refused', async (t) => {
  const q = open(tmp(t));
  assert.deepEqual(await q.read(), { text: '', tasks: [], rejected: [], partial: null });
  assert.equal(await q.remove(['x']), '');
  await q.append({ id: 'one', task: 'first', created: '2026-04-29T10:00:00Z' });
  await q.append({ id: 'two', task: 'second\nline', priority: 'high' });
  await assert.rejects(q.append({ id: 'one', task: 'again' }), DuplicateTaskError);
  const s = await q.read();
  assert.deepEqual(s.tasks.map((x) => [x.id, x.task, x.priority]), [['one', 'first', 'normal'], ['two', 'second\nline', 'high']]);
  await q.close();
});

test('remove keeps the preamble and other blocks byte for byte, and leaves no temp file', async (t) => {
  const dir = tmp(t);
  const q = open(dir);
  const pre = '# queue of a\n\n';
  fs.mkdirSync(path.join(dir, 'a'));
  // Invalid UTF-8 in a comment must survive a rewrite unchanged.
  const bytes = Buffer.concat([Buffer.from(pre), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), Buffer.from('## a\ntask: x\n\n## b\ntask: y\n# \u00e9\n')]);
  fs.writeFileSync(q.path, bytes);
  fs.chmodSync(q.path, 0o640);
  const next = await q.remove(['a']);
  const expected = Buffer.concat([Buffer.from(pre), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), Buffer.from('## b\ntask: y\n# \u00e9\n')]);
  assert.deepEqual(fs.readFileSync(q.path), expected);
  assert.equal(next, expected.toString('utf8'));
  assert.equal(fs.statSync(q.path).mode & 0o777, 0o640);
  // During the grace period only the hold link of the old inode (queue-hold.ts) may stand beside it.
  assert.deepEqual(fs.readdirSync(path.join(dir, 'a')).filter((n) => !n.startsWith('.queue.md.hold.')), ['queue.md']);
  await q.close();
  assert.deepEqual(fs.readdirSync(path.join(dir, 'a')), ['queue.md']);
});

test('bytes appended to the old inode after the rename are moved to the new file', async (t) => {
  const q = open(tmp(t), { graceMs: 60_000 });
  await q.append({ id: 'a', task: 'x' });
  await q.append({ id: 'b', task: 'y' });
  const late = fs.openSync(q.path, 'a'); // a writer that opened queue.md before our rename
  await q.remove(['a']);
  assert.equal(q.draining, 1);
  fs.writeSync(late, serializeTask({ id: 'late', task: 'written to the old inode' }));
  fs.closeSync(late);
  const s = await q.read(); // the next operation re-checks the old inode
  assert.deepEqual(s.tasks.map((x) => x.id), ['b', 'late']);
  await q.close();
  assert.equal(q.draining, 0);
  assert.deepEqual(parseQueue(fs.readFileSync(q.path, 'utf8')).tasks.map((x) => x.id), ['b', 'late']);
});

test('the grace timer moves late appends without another operation, then lets go', async (t) => {
  const q = open(tmp(t), { graceMs: 50 });
  await q.append({ id: 'a', task: 'x' });
  const late = fs.openSync(q.path, 'a');
  await q.remove(['a']);
  fs.writeSync(late, serializeTask({ id: 'late', task: 'y' }));
  fs.closeSync(late);
  await until(() => fs.readFileSync(q.path, 'utf8').includes('## late'), 'timer moved the late append');
  await until(() => q.draining === 0, 'old inode released after the grace period');
  await q.close();
});

test('an unfinished last block is held back while fresh, and read as complete once settled', async (t) => {
  const dir = tmp(t);
  const fresh = open(dir, { settleMs: 3_600_000 });
  fs.mkdirSync(path.join(dir, 'a'));
  fs.writeFileSync(fresh.path, '## a\ntask: one\n\n## b\ntask: tw');
  let s = await fresh.read();
  assert.deepEqual(s.tasks.map((x) => x.id), ['a']);
  assert.deepEqual(s.partial, { line: 4, raw: '## b\ntask: tw' });
  assert.equal(await fresh.remove(['a']), '## b\ntask: tw', 'the tail is left untouched');
  fs.appendFileSync(fresh.path, 'o\n');
  s = await fresh.read();
  assert.deepEqual(s.tasks.map((x) => x.task), ['two']);
  // A malformed last block, just written, may be an append in progress: not rejected yet.
  fs.appendFileSync(fresh.path, '\n## c\n');
  s = await fresh.read();
  assert.deepEqual(s.rejected, []);
  assert.equal(s.partial?.line, 4);
  const settled = open(dir, { settleMs: 0 });
  s = await settled.read();
  assert.deepEqual(s.rejected.map((r) => r.id), ['c']);
  fs.writeFileSync(fresh.path, '## a\ntask: no newline');
  assert.deepEqual((await settled.read()).tasks.map((x) => x.task), ['no newline']);
  await fresh.close();
  await settled.close();
});

test('quarantine moves blocks to a readable rejected file, once', async (t) => {
  const q = open(tmp(t), { settleMs: 0 });
  fs.mkdirSync(path.dirname(q.path));
  fs.writeFileSync(q.path, '# head\n\n## good\ntask: ok\n\n## bad\npriority: urgent\n\n## good\ntask: dup\n\n## tail\ntask: fine\n');
  const { rejected } = await q.read();
  assert.equal(rejected.length, 2);
  await q.quarantine(rejected);
  await q.quarantine(rejected); // already gone: nothing more is written
  assert.equal(fs.readFileSync(q.path, 'utf8'), '# head\n\n## good\ntask: ok\n\n## tail\ntask: fine\n');
  const entries = await readRejected(q.rejectedPath);
  assert.deepEqual(entries.map((e) => [e.id, e.line, e.raw]), [['bad', 6, '## bad\npriority: urgent\n'], ['good', 9, '## good\ntask: dup\n']]);
  assert.match(entries[0].reason, /line 6: missing required key "task"; line 7: priority must be high, normal or low/);
  assert.match(entries[1].reason, /duplicate task id "good"/);
  assert.ok(!Number.isNaN(Date.parse(entries[0].rejectedAt)));
  // Pasting the rejected file back is harmless YAML: the # lines are comments.
  const fixed = fs.readFileSync(q.rejectedPath, 'utf8').replace('priority: urgent', 'task: fixed\npriority: high').replace('## good', '## good2');
  assert.deepEqual(parseQueue(fixed).tasks.map((x) => [x.id, x.task]), [['bad', 'fixed'], ['good2', 'dup']]);
  assert.deepEqual(await readRejected(path.join(path.dirname(q.path), 'missing.md')), []);
  assert.deepEqual(parseRejected('# just a comment\n'), []);
  await q.close();
});

test('hammer: a child process appends 500 blocks while we keep removing the first task', async (t) => {
  const dir = tmp(t);
  const q = open(dir);
  await q.append({ id: 'seed', task: 'first' });
  const script = path.join(dir, 'writer.mjs');
  fs.writeFileSync(
    script,
    `import fs from 'node:fs';
const [file, n] = process.argv.slice(2);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; i < Number(n); i++) {
  fs.appendFileSync(file, '\\n## h-' + i + '\\ntask: |\\n  hammer ' + i + '\\n  ## not a header\\npriority: ' + ['high', 'normal', 'low'][i % 3] + '\\n');
  if (i % 5 === 0) Atomics.wait(nap, 0, 0, 1);
}
`,
  );
  const child = spawn(process.execPath, [script, q.path, '500'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exit.then(() => (done = true));
  const removed: string[] = [];
  for (let idle = 0; !done || idle < 3; ) {
    const s = await q.read();
    assert.deepEqual(s.rejected, []);
    if (!s.tasks.length) {
      if (done) idle++;
      await tick();
      continue;
    }
    const id = s.tasks[0].id;
    const next = await q.remove([id]);
    assert.ok(!parseQueue(next, { holdPartialTail: false }).tasks.some((x) => x.id === id));
    removed.push(id);
  }
  assert.equal(await exit, 0);
  await q.close();
  t.diagnostic(`moved ${q.movedBytes} bytes from old inodes`);
  const left = parseQueue(fs.readFileSync(q.path, 'utf8'));
  assert.deepEqual(left.rejected, []);
  assert.equal(left.partial, null);
  const all = [...removed, ...left.tasks.map((x) => x.id)];
  assert.equal(new Set(all).size, all.length, 'no id removed twice or left behind after removal');
  const want = ['seed', ...Array.from({ length: 500 }, (_, i) => `h-${i}`)];
  assert.deepEqual([...all].sort(), [...want].sort());
});

test('hammer: in-process writers that open before our rename and write after it', async (t) => {
  const q = open(tmp(t));
  await q.append({ id: 'seed', task: 'first' });
  const N = 300;
  let written = 0;
  const removed: string[] = [];
  const writer = (async () => {
    for (let i = 0; i < N; i++) {
      const fh = await fsp.open(q.path, 'a');
      if (i % 3 === 0) {
        // Hold the open file until the remover has rewritten queue.md at least once (while it has
        // something to remove), so this write lands on the old inode.
        const seen = removed.length;
        while (removed.length === seen && removed.length < written + 1) await tick();
      }
      await fh.write(serializeTask({ id: `w-${i}`, task: `slow ${i}` }));
      await fh.close();
      written++;
    }
  })();
  while (written < N) {
    const s = await q.read();
    if (s.tasks.length) {
      await q.remove([s.tasks[0].id]);
      removed.push(s.tasks[0].id);
    } else await tick();
  }
  await writer;
  await q.close();
  t.diagnostic(`moved ${q.movedBytes} bytes from old inodes`);
  assert.ok(q.movedBytes > 0, 'some appends did land on an old inode');
  const left = parseQueue(fs.readFileSync(q.path, 'utf8')).tasks.map((x) => x.id);
  const all = [...removed, ...left];
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual([...all].sort(), ['seed', ...Array.from({ length: N }, (_, i) => `w-${i}`)].sort());
});

test('a block still being written when a dequeue rewrites queue.md moves over whole, however long its writer pauses', async (t) => {
  const dir = tmp(t);
  const q = open(dir, { settleMs: 0 });
  t.after(() => q.close());
  const file = path.join(dir, 'a', 'queue.md');
  await q.append({ id: 'first', task: 'runs now', created: '2026-04-29T10:00:00Z' });
  // A slow writer: half of its block, then a pause far longer than any settle window.
  const slow = serializeTask({ id: 'slow', task: 'written in two parts by a pausing writer', created: '2026-04-29T10:00:01Z' });
  const fd = fs.openSync(file, 'a');
  fs.writeSync(fd, slow.slice(0, 20));
  await q.dequeue(['first'], async (_next, blocks, rewrite) => {
    assert.equal(blocks.length, 1);
    await rewrite();
  });
  // Meanwhile another writer appends a whole block to the new file, then the slow one finishes.
  fs.appendFileSync(file, serializeTask({ id: 'other', task: 'a whole block', created: '2026-04-29T10:00:02Z' }));
  await new Promise((r) => setTimeout(r, 300)); // longer than any quiet window, within the grace (2 s)
  fs.writeSync(fd, slow.slice(20));
  fs.closeSync(fd);
  await until(() => fs.readFileSync(file, 'utf8').includes('pausing writer'), 'the slow block moved over');
  const parsed = parseQueue(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(parsed.rejected, []);
  assert.deepEqual(parsed.tasks.map((x) => [x.id, x.task]).sort(), [['other', 'a whole block'], ['slow', 'written in two parts by a pausing writer']]);
});

test('wholeLength: up to the last block start when a writer is inside it', async () => {
  const { wholeLength } = await import('./queue-bytes.ts');
  const b = (s: string) => Buffer.from(s);
  assert.equal(wholeLength(b('## a\ntask: x\n')), 13);
  assert.equal(wholeLength(b('## a\ntask: x\n\n## b\ntask: co')), 14);
  assert.equal(wholeLength(b('## b\ntask: co')), 0);
  assert.equal(wholeLength(b('task: x\nmore')), 8);
  assert.equal(wholeLength(b('')), 0);
});

test('a last block without a final newline (as some editors save) is dequeued whole once settled', async (t) => {
  const dir = tmp(t);
  const q = open(dir, { settleMs: 0 });
  t.after(() => q.close());
  const file = path.join(dir, 'a', 'queue.md');
  await q.append({ id: 'first', task: 'one', created: '2026-04-29T10:00:00Z' });
  fs.appendFileSync(file, '\n## no-newline\ntask: saved without a final newline');
  assert.deepEqual((await q.read()).tasks.map((x) => x.id), ['first', 'no-newline']);
  await q.dequeue(['no-newline'], async (next, blocks, rewrite) => {
    assert.equal(blocks.length, 1);
    assert.doesNotMatch(next!.toString('utf8'), /no-newline/);
    await rewrite();
  });
  assert.deepEqual(parseQueue(fs.readFileSync(file, 'utf8')).tasks.map((x) => x.id), ['first']);
});
