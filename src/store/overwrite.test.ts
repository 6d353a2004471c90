// overwriteInPlaceSync: creates, replaces a longer file with a shorter one exactly, keeps the mode.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { overwriteInPlaceSync } from './overwrite.ts';

describe('overwriteInPlaceSync', () => {
  it('creates the file, then replaces longer content with shorter content exactly', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-overwrite-'));
    try {
      const file = path.join(dir, 'context.md');
      overwriteInPlaceSync(file, 'x'.repeat(100_000));
      assert.equal(readFileSync(file, 'utf8').length, 100_000);
      overwriteInPlaceSync(file, 'short é');
      assert.equal(readFileSync(file, 'utf8'), 'short é');
      overwriteInPlaceSync(file, Buffer.from(''));
      assert.equal(readFileSync(file, 'utf8'), '');
      assert.equal(statSync(file).mode & 0o777, 0o644 & ~process.umask());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
