// The commit journal of earlier versions (none is written any more; one left by a crash is read
// once at start): v1 is pinned by a fixture; a journal from before versions reads the same; a
// newer version, a wrong shape or broken JSON is unusable, with the reason and the task ids and
// blocks that can still be read (so the tasks can be put back).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readJournal } from './journal.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'journal-v1.json');

test('journal v1: the fixture reads as written by the last version that wrote one; older and newer versions', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const read = await readJournal(FIXTURE);
  assert.equal(read.kind, 'pending');
  if (read.kind !== 'pending') return;
  assert.deepEqual(read.changeSet.dequeue, ['paginated-api']);
  assert.deepEqual(read.changeSet.blocks, ['## paginated-api\ntask: Fetch every page.\npriority: normal\n\n']);
  assert.match(read.changeSet.message, /^\w+\(task\): paginated-api/);
  assert.equal(JSON.parse(readFileSync(FIXTURE, 'utf8')).v, 1, 'the fixture is a v1 journal');

  const legacy = path.join(dir, 'legacy.json');
  writeFileSync(legacy, JSON.stringify({ message: 'm', changes: [], dequeue: ['a'] }));
  assert.equal((await readJournal(legacy)).kind, 'pending');

  const cases: [string, string, RegExp][] = [
    ['newer', JSON.stringify({ v: 2, message: 'm', changes: [], dequeue: ['a'], blocks: ['## a\n'] }), /journal version 2 is from a newer AgentOS \(this one reads 1\)/],
    ['shape', JSON.stringify({ v: 1, message: 'm', changes: [{ op: 'chmod', path: 'x' }], dequeue: ['a'] }), /^not a change set: changes\.0/],
    ['broken', '{"v":1,"dequeue":["a"],"message":"m', /^not JSON/],
  ];
  for (const [name, text, reason] of cases) {
    const f = path.join(dir, `${name}.json`);
    writeFileSync(f, text);
    const r = await readJournal(f);
    assert.equal(r.kind, 'unusable', name);
    if (r.kind !== 'unusable') continue;
    assert.match(r.reason, reason, name);
    assert.deepEqual(r.dequeue, ['a'], name);
  }
});
