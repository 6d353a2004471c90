import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../telemetry/index.ts';
import { archiveContext, contextArchiveDir, readArchivedContext } from './context-archive.ts';

test('each task context is kept; the oldest go past `keep`; odd ids and keep 0 keep nothing', async (t) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentos-ctx-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const ctx = { dataDir, config: { name: 'orion' } as never, contextArchive: { keep: 3 }, log: silentLogger() };
  const dir = contextArchiveDir(dataDir, 'orion');
  for (let i = 0; i < 12; i++) {
    await archiveContext(ctx, `t${i}`, `context of t${i}`);
    utimesSync(path.join(dir, `t${i}.md`), 1000 + i, 1000 + i);
  }
  // Pruned every 10 writes: after the 11th write only the newest 3 (t8..t10) were left, then t11 came.
  assert.deepEqual(readdirSync(dir).sort(), ['t10.md', 't11.md', 't8.md', 't9.md']);
  assert.equal(await readArchivedContext(dataDir, 'orion', 't11'), 'context of t11');
  assert.equal(await readArchivedContext(dataDir, 'orion', 't0'), undefined);
  assert.equal(await readArchivedContext(dataDir, 'orion', '../../etc/passwd'), undefined);
  await archiveContext({ ...ctx, contextArchive: { keep: 0 } }, 'zero', 'x');
  assert.equal(await readArchivedContext(dataDir, 'orion', 'zero'), undefined);
});
