// bench context on a tiny dataset: the output contract (last line one JSON object) and the reader's errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readDataset, run } from '../bench/context.ts';

test('bench context prints recall, precision, tokens_ratio, p50/p95 and records as its last line', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-test-'));
  try {
    const file = path.join(dir, 'd.jsonl');
    const records = [
      { id: 'r1', kind: 'skill', title: 'Retry HTTP calls with jittered backoff', body: 'Honour Retry-After.', tags: ['api'] },
      { id: 'r2', kind: 'entity', title: 'Acme rate limit is 100 requests per minute', body: '', tags: ['api', 'rate-limit'] },
      { id: 'r3', kind: 'skill', title: 'Write calm essays', body: 'Short sentences.', tags: ['writing'] },
      { id: 'r4', kind: 'reflection', title: 'Reflection on a chapter', body: 'The pacing dragged in the chase scene.', tags: ['fiction'] },
    ];
    writeFileSync(file, [JSON.stringify({ records }), JSON.stringify({ query: 'Acme returns 429; add retry with backoff', tags: ['api'], relevant: ['r1', 'r2'] }), JSON.stringify({ query: 'The chase scene pacing drags', tags: [], relevant: ['r4'] })].join('\n'));
    const lines: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (s: string) => lines.push(s);
    console.error = () => {};
    let code: number;
    try {
      code = await run(['--dataset', file, '--json', '--repeat', '1']);
    } finally {
      console.log = log;
      console.error = error;
    }
    assert.equal(code, 0);
    const out = JSON.parse(lines.at(-1)!);
    for (const k of ['recall', 'precision', 'tokens_ratio', 'p50_ms', 'p95_ms', 'records']) assert.equal(typeof out[k], 'number', k);
    assert.equal(out.records, 4);
    assert.equal(out.recall, 1);
    assert.ok(out.tokens_ratio < 1);
    assert.ok(out.baselines['bm25 only'] && out.baselines['load-all']);

    writeFileSync(file, '{"records":[{"id":"a","title":"t"}]}\n{"query":"q"}\n');
    assert.throws(() => readDataset(file), /d\.jsonl:2: expected \{"records":\[\.\.\.\]\} or \{"query","tags","relevant"\}/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
