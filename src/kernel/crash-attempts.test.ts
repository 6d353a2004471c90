// CrashAttempts: counts survive a new instance (a restart), a shorter record replaces a longer one
// in place, and a torn record counts as no attempts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runtimeDir } from '../store/index.ts';
import { CrashAttempts } from './crash-attempts.ts';

describe('CrashAttempts', () => {
  it('keeps counts across restarts, rewrites the record in place and forgets a finished task', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-attempts-'));
    try {
      const file = path.join(runtimeDir(dir), 'attempts', 'a0.json');
      const a = new CrashAttempts(dir, 'a0');
      assert.equal(a.begin('a-rather-long-task-id'), 1);
      assert.equal(new CrashAttempts(dir, 'a0').begin('a-rather-long-task-id'), 2);
      const b = new CrashAttempts(dir, 'a0');
      assert.equal(b.get('a-rather-long-task-id'), 2);
      b.end();
      assert.equal(readFileSync(file, 'utf8'), '{}');
      assert.equal(b.begin('t2'), 1);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { t2: 1 });
      // A torn record (an old longer tail left behind) counts as no attempts, never a crash.
      writeFileSync(file, '{"t2":1}ail"}');
      assert.equal(new CrashAttempts(dir, 'a0').get('t2'), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
