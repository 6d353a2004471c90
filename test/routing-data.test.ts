// The routing replay data shipped in bench/data/routing/ (from RouteLLM, Apache-2.0): the files
// are the pinned ones, carry their licence, parse as replay lines, and `agentos bench routing`
// uses them by default from wherever it is run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadReplay } from '../bench/routing-replay.ts';

const DATA = path.join(import.meta.dirname, '..', 'bench', 'data', 'routing');

test('bench/data/routing: files match SHA256SUMS, the licence is there, every line is a replay line', () => {
  const sums = readFileSync(path.join(DATA, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.split(/\s+/));
  assert.deepEqual(sums.map(([, f]) => f).sort(), ['LICENSE-RouteLLM.txt', 'gsm8k.jsonl', 'mmlu.jsonl', 'mt_bench.jsonl']);
  for (const [sum, file] of sums) assert.equal(createHash('sha256').update(readFileSync(path.join(DATA, file))).digest('hex'), sum, file);
  assert.match(readFileSync(path.join(DATA, 'LICENSE-RouteLLM.txt'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.match(readFileSync(path.join(DATA, 'README.md'), 'utf8'), /0b64fdafe049e596a3f5657c219329f24af24198/);
  const expected: Record<string, [number, number]> = { 'gsm8k.jsonl': [1307, 12], 'mmlu.jsonl': [2808, 1], 'mt_bench.jsonl': [72, 8] };
  for (const [file, [n, contaminated]] of Object.entries(expected)) {
    const { lines, skipped } = loadReplay(path.join(DATA, file));
    assert.deepEqual([lines.length, skipped], [n, contaminated], file);
  }
});

test('agentos bench routing with no --replay replays gsm8k.jsonl, from any directory', () => {
  const bin = path.join(import.meta.dirname, '..', 'bin', 'agentos.js');
  const stdout = execFileSync(process.execPath, [bin, 'bench', 'routing', '--json', '--sim-tasks', '20'], { cwd: os.tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 });
  const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
  assert.equal(last.file, path.join(DATA, 'gsm8k.jsonl'));
  assert.equal(last.n, 1307);
  assert.ok(last.apgr > last.random_apgr, `router ${last.apgr} vs random ${last.random_apgr}`);
});
