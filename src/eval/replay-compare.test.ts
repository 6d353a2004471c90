// What a replay compares: wall times and ledger ids masked, a resumed: line ignored, and each
// differing field, file, world decision and message line named.
import test from 'node:test';
import assert from 'node:assert/strict';
import { compareResults, ledgerLines, messageLines, normalizeFile, type ResultView } from './replay-compare.ts';

const view = (over: Partial<ResultView> = {}): ResultView => ({
  kind: 'task', outcome: 'success', reward: 1, audit: 1, files: { 'rewards.md': 'changed aa' }, world: ['world: asserted x'], lines: ['kilo(task): k1', 'world: asserted x'], ...over,
});

test('volatile parts are masked; a difference names the field, the file and the lines', () => {
  assert.deepEqual(messageLines('kilo(task): k1\n\nverify: passed, 12 ms\nresumed: after a crash\n'), ['kilo(task): k1', 'verify: passed, <ms>']);
  assert.equal(normalizeFile('rewards.md', 'duration_ms: 123\n'), 'duration_ms: <ms>\n');
  assert.deepEqual(ledgerLines('{"id":"a","at":"t","usd":1}\n{"id":"b","at":"u","usd":1}'), ['{"usd":1}', '{"usd":1}']);
  assert.deepEqual(compareResults(view(), view()), []);
  const d = compareResults(view(), view({ reward: -1, files: { 'rewards.md': 'changed bb', 'new.md': 'added cc' }, world: [], lines: ['kilo(task): k1', 'outcome: failure'] }));
  assert.deepEqual(d.map((x) => x.what), ['reward', 'file new.md', 'file rewards.md', 'world decisions', 'commit message lines']);
  assert.deepEqual(d[1], { what: 'file new.md', recorded: 'unchanged', replayed: 'added cc' });
  assert.deepEqual(d[3], { what: 'world decisions', recorded: 'world: asserted x', replayed: '—' });
  assert.equal(d[4].replayed, 'outcome: failure');
});
