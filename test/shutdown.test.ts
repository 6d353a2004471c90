// Shutdown is idempotent and complete: a failing step does not leave the data-dir lock behind.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openSystem } from '../src/compose/index.ts';
import { startScriptedServer } from '../src/models/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { modelSettings, report, tempDataDir } from './support/harness.ts';

test('close() twice is one shutdown; a worker that fails to stop does not keep the lock or the index open', async (t) => {
  const { dir, cleanup } = tempDataDir();
  const server = await startScriptedServer({ format: 'openai', script: () => report() });
  t.after(async () => {
    await server.close();
    cleanup();
  });
  const open = () => openSystem({ dataDir: dir, model: modelSettings(server), log: silentLogger(), pollIntervalMs: 60_000, tools: false });
  const system = await open();
  const worker = system.runtime.worker('orion');
  worker.stop = async () => {
    throw new Error('worker refused to stop');
  };
  const first = system.close();
  assert.equal(system.close(), first, 'the same promise');
  await assert.rejects(first, (e: AggregateError) => /runtime: workers: worker refused to stop/.test(e.message));
  assert.equal(existsSync(path.join(dir, '.agentos', 'daemon.lock')), false, 'the lock went even though a step failed');
  const again = await open(); // would throw DataDirBusyError if the lock stayed
  await again.close();
});
