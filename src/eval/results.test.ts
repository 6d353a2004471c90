// The run results format: the v1 fixture reads and rewrites to itself; a missing or newer version is refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readResults, renderSummary, summarize, writeResults } from './results.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'results-v1.json');

test('results v1: the fixture reads, and read → write → read is identical', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const r = readResults(text, FIXTURE);
  assert.equal(r.tasks.length, 2);
  assert.equal(r.tasks[1].status, 'dead-letter');
  const again = writeResults(r);
  assert.deepEqual(readResults(again, 'again'), r);
  assert.equal(writeResults(readResults(again, 'again')), again);
  const s = summarize(r);
  assert.deepEqual([s.successes, s.tasks, s.cost_per_success], [1, 2, 0.000204]);
  assert.match(renderSummary(r), /\| judge shape \| 1 pass, 0 fail, 0 error \|/);
});

test('results: a missing or newer version is refused with what to do', () => {
  const json = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  assert.throws(() => readResults(JSON.stringify({ ...json, version: 2 }), 'r.json'), /r\.json: results version 2 are from a newer AgentOS .* upgrade AgentOS/);
  assert.throws(() => readResults(JSON.stringify({ ...json, version: undefined }), 'r.json'), /no "version"/);
  assert.throws(() => readResults(JSON.stringify({ ...json, tasks: [{ id: 1 }] }), 'r.json'), /r\.json: tasks\.0\./);
});
