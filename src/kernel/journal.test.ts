// The commit journal's format: v1 is pinned by a fixture; a journal from before versions reads
// the same; a newer version, a wrong shape or broken JSON is unusable, with the reason and the
// task ids and blocks that can still be read (so the tasks can be put back).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readJournal, writeJournal } from './journal.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'journal-v1.json');

test('journal v1: the fixture reads; write → read → write gives the same bytes; older and newer versions', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const read = await readJournal(FIXTURE);
  assert.equal(read.kind, 'pending');
  if (read.kind !== 'pending') return;
  assert.deepEqual(read.changeSet.dequeue, ['paginated-api']);
  assert.deepEqual(read.changeSet.blocks, ['## paginated-api\ntask: Fetch every page.\npriority: normal\n\n']);
  const file = path.join(dir, 'j.json');
  await writeJournal(file, read.changeSet);
  assert.equal(readFileSync(file, 'utf8'), readFileSync(FIXTURE, 'utf8').trimEnd());

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
