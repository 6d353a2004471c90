// The observability benchmark runs end to end (small sizes) and reports what it measured; the
// figures themselves belong to bench/README.md, not to an assertion.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');

test('bench observe: both arms ran, spans were exported, every SSE client got every event', { timeout: 240_000 }, () => {
  const r = spawnSync(process.execPath, [BIN, 'bench', 'observe', '--json', '--tasks', '10', '--clients', '10'], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 230_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.overhead.tasks, 10);
  assert.ok(out.overhead.otlp_posts > 0, 'the traced arm exported spans');
  assert.ok(out.overhead.off_ms_p50 > 0 && out.overhead.on_ms_p50 > 0);
  assert.equal(out.sse.clients, 10);
  assert.equal(out.sse.events_missed, 0, 'within a round every client got every event');
  assert.ok(out.sse.events_per_client_min >= 10 * 3, 'each task makes several events');
});
