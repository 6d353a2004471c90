// The checkpoint format is a contract: what one version wrote, the next reads and resumes. One
// fixture per version (never edited: sources.json pins their hashes), and negative ones.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKPOINT_VERSION, CheckpointError, readCheckpoint, SUPPORTED_CHECKPOINT_VERSIONS } from './checkpoint-format.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'checkpoint');
const json = (name: string) => JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8'));

test('every fixture is as pinned, and every supported version has one', () => {
  const { files } = json('sources.json') as { files: Record<string, string> };
  for (const [name, sha] of Object.entries(files)) {
    assert.equal(createHash('sha256').update(fs.readFileSync(path.join(DIR, name))).digest('hex'), sha, `${name} was edited: add a new fixture instead`);
  }
  for (const v of SUPPORTED_CHECKPOINT_VERSIONS) assert.ok(Object.keys(files).some((n) => n.startsWith(`v${v}-`)), `no fixture for version ${v}`);
  assert.equal(CHECKPOINT_VERSION, Math.max(...SUPPORTED_CHECKPOINT_VERSIONS));
});

test('each version reads as the current one; read → write → read is identical; v2 reads without losing a field', () => {
  for (const name of ['v1-paused.json', 'v2-running.json', 'v2-paused.json']) {
    const once = readCheckpoint(json(name), name);
    assert.equal(once.version, CHECKPOINT_VERSION, name);
    const written = JSON.parse(JSON.stringify(once));
    assert.deepEqual(readCheckpoint(written, name), once, name);
    if (name.startsWith('v2')) assert.deepEqual(written, json(name), name);
  }
  const v1 = readCheckpoint(json('v1-paused.json'), 'v1');
  assert.deepEqual([v1.phase, v1.steps, v1.seq, v1.exchanges, v1.open, v1.updated], ['paused', 0, 0, 0, undefined, v1.created]);
  const running = readCheckpoint(json('v2-running.json'), 'v2');
  assert.deepEqual(running.open?.calls.map((c) => [c.toolCallId, c.state]), [['call_2_0', 'done'], ['call_2_1', 'started']]);
});

test('newer, unversioned and malformed checkpoints: a clear error with a code, never a crash', () => {
  const check = (name: string, code: string, re: RegExp) =>
    assert.throws(() => readCheckpoint(json(`negative/${name}`), name), (e: CheckpointError) => e instanceof CheckpointError && e.code === code && re.test(e.message), name);
  check('future.json', 'CHECKPOINT_NEWER', /version 3 is from a newer AgentOS \(this one reads 1, 2\); upgrade AgentOS/);
  check('missing-version.json', 'CHECKPOINT_CORRUPT', /no numeric "version"/);
  check('bad-call-state.json', 'CHECKPOINT_CORRUPT', /open\.calls\.1\.state/);
  check('v2-missing-seq.json', 'CHECKPOINT_CORRUPT', /seq/);
  for (const bad of [null, [], 'text', 7, { version: 0 }, { version: '2' }]) assert.throws(() => readCheckpoint(bad, 'x'), CheckpointError);
});
