import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { QueueFile } from './queue-file.ts';
import { createHold } from './queue-hold.ts';

const block = (id: string) => `\n## ${id}\ntask: do ${id}\ncreated: 2026-01-01T00:00:00Z\n`;

test('appends that reached the old inode of a crashed rewrite are recovered, once', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-hold-'));
  try {
    const q = path.join(dir, 'queue.md');
    writeFileSync(q, block('a') + block('b'));
    const before = readFileSync(q).length;
    // What a rewrite does up to the kill: link the old inode, rename the new file into place.
    const hold = await createHold(q, before);
    assert.ok(hold);
    writeFileSync(path.join(dir, 'new.tmp'), block('b'));
    renameSync(path.join(dir, 'new.tmp'), q);
    // A person's append lands on the old inode (opened before the rename); then the kill.
    appendFileSync(hold!, block('late'));

    const file = new QueueFile(q, path.join(dir, 'queue.rejected.md'));
    assert.ok((await file.recoverHolds()) > 0);
    assert.deepEqual((await file.read()).tasks.map((t) => t.id), ['b', 'late']);
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.hold.')), []);

    // A hold whose bytes were already moved over (crash after moving, before releasing) adds nothing.
    const again = await createHold(q, 0);
    assert.equal(await file.recoverHolds(), 0);
    assert.equal(existsSync(again!), false);
    assert.deepEqual((await file.read()).tasks.map((t) => t.id), ['b', 'late']);
    await file.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a normal rewrite leaves no hold behind once its grace has passed', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-hold-'));
  try {
    const q = path.join(dir, 'queue.md');
    writeFileSync(q, block('a') + block('b'));
    const file = new QueueFile(q, path.join(dir, 'queue.rejected.md'), { graceMs: 0 });
    await file.remove(['a']);
    await file.close();
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.hold.')), []);
    assert.deepEqual((await new QueueFile(q, '').read()).tasks.map((t) => t.id), ['b']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
