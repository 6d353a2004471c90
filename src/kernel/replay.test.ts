// The replay recording: its format pinned by fixtures (a resume voids what the lost state led to;
// torn, malformed, newer and headless files), its caps (a task's stops with `truncated`, the
// oldest recordings go past the total), redaction, and serving a recording back with divergences.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerSecret } from '../telemetry/index.ts';
import { readRecording, ReplayFormatError } from './replay-format.ts';
import { RecordedExchanges, recordingFile, ReplayLog } from './replay.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'replay');
const text = (n: string) => fs.readFileSync(path.join(DIR, n), 'utf8');

function tmp(t: test.TestContext): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-replay-unit-'));
  t.after(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

test('the v1 recording reads as pinned: a resume voids the exchanges after its count; fixtures are never edited', () => {
  const { files } = JSON.parse(text('sources.json')) as { files: Record<string, string> };
  for (const [n, sha] of Object.entries(files)) assert.equal(createHash('sha256').update(fs.readFileSync(path.join(DIR, n))).digest('hex'), sha, `${n} was edited`);
  const r = readRecording(text('v1-task.jsonl'), 'v1-task.jsonl');
  assert.equal(r.header.task.id, 'k7');
  assert.deepEqual(r.header.deterministic, { seed: 123456 });
  assert.deepEqual(r.exchanges.map((x) => [x.n, x.response.finishReason.unified]), [[1, 'tool-calls'], [2, 'stop']], 'the first answer 2 was lost with its state; the one after the resume counts');
  assert.equal(r.end?.commit, 'c8843037998c3ef8d13a0478b67a32fd40d3f3ff');
  assert.deepEqual(r.problems, []);
  const cut = readRecording(text('v1-truncated.jsonl'), 'v1-truncated.jsonl');
  assert.match(cut.truncated ?? '', /over replay\.task_max_kb/);
  assert.equal(cut.end, undefined);
});

test('newer and headless recordings are refused with what to do; torn and malformed lines are skipped and reported', () => {
  assert.throws(() => readRecording(text('negative/future.jsonl'), 'f'), (e: ReplayFormatError) => e.code === 'REPLAY_NEWER' && /version 2 is from a newer AgentOS.*upgrade/.test(e.message));
  assert.throws(() => readRecording(text('negative/no-header.jsonl'), 'h'), (e: ReplayFormatError) => e.code === 'REPLAY_CORRUPT' && /no task line/.test(e.message));
  const torn = readRecording(text('negative/torn.jsonl'), 'torn');
  assert.equal(torn.exchanges.length, 2);
  assert.match(torn.problems.join('\n'), /torn:4: not JSON/);
  const bad = readRecording(text('negative/bad-exchange.jsonl'), 'bad');
  assert.equal(bad.exchanges.length, 1);
  assert.match(bad.problems[0], /bad:2: request\.system/);
});

const exchange = (n: number, reply = 'x'.repeat(200)) => ({
  provider: 'openai-compatible', model: 'scripted', purpose: 'act', tier: 'strongest', ms: 3,
  request: { digest: `d${n}`, system: 's', messages: [`m${n}`], tools: 't', settings: 'x' },
  response: { content: [{ type: 'text' as const, text: reply }], finishReason: { unified: 'stop' as const, raw: 'stop' }, usage: { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } } },
});
const header = (id: string) => ({
  agent: 'kilo', task: { id, task: `task ${id}`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z' }, head: 'abc', shared: '', now: '2026-01-01T00:00:00.000Z',
  agents_yaml: 'agents: []', model: { provider: 'openai-compatible', baseURL: 'http://x', model: 'scripted', maxTokens: 1, timeoutMs: 1, maxAttempts: 1, structured: 'json-schema' }, deterministic: null,
});

test('a task past its cap stops with a truncated line; past the total the oldest recordings go; secrets never reach the file', (t) => {
  const dir = tmp(t);
  registerSecret('sk-replay-secret-0123456789');
  const log = new ReplayLog(dir, { taskMaxBytes: 2500, totalMaxBytes: 6000 });
  const a = log.begin(header('a'));
  for (let i = 1; i <= 10; i++) a.record(exchange(i, i === 1 ? 'my key is sk-replay-secret-0123456789' : undefined));
  a.end('task', 'c1');
  const rec = readRecording(fs.readFileSync(a.file, 'utf8'), a.file);
  assert.ok(rec.exchanges.length >= 2 && rec.exchanges.length < 10, `${rec.exchanges.length} exchanges kept under 2500 bytes`);
  assert.match(rec.truncated ?? '', /over replay\.task_max_kb \(2 KiB\)/);
  assert.equal(rec.end, undefined, 'nothing after the truncation');
  assert.doesNotMatch(fs.readFileSync(a.file, 'utf8'), /sk-replay-secret/);
  assert.ok(fs.statSync(a.file).size <= 2500 + 300);
  // Three more recordings of ~2.3 KB: the total cap (6000) drops the oldest, never the one being written.
  for (const id of ['b', 'c', 'd']) {
    const r = log.begin(header(id));
    for (let i = 1; i <= 8; i++) r.record(exchange(i));
    r.end('task', id);
  }
  const left = fs.readdirSync(path.dirname(a.file)).sort();
  assert.ok(!left.includes('a.jsonl'), `the oldest went: ${left.join(', ')}`);
  assert.ok(left.includes('d.jsonl'));
  const total = left.reduce((n, f) => n + fs.statSync(path.join(path.dirname(a.file), f)).size, 0);
  assert.ok(total <= 6000 + 2600, `total ${total}`);
  assert.throws(() => recordingFile(dir, 'kilo', '../evil'), /cannot name a recording/);
});

test('a recording served back: in order, divergences said where, past the end a model error', () => {
  const rec = readRecording(text('v1-task.jsonl'), 'v1');
  const served = new RecordedExchanges(rec);
  const q = (x: (typeof rec.exchanges)[number], over: Partial<typeof x.request> = {}, model = 'scripted') => ({ provider: 'openai-compatible', model, purpose: 'act', tier: 'strongest', request: { ...x.request, ...over } });
  assert.deepEqual(served.serve(q(rec.exchanges[0])), rec.exchanges[0].response);
  assert.equal(served.divergences.length, 0);
  served.serve(q(rec.exchanges[1], { digest: 'other', system: 'changed' }, 'gpt-x'));
  assert.equal(served.divergences.length, 1);
  assert.match(served.divergences[0].what, /request differs from the recording in the system prompt; model strongest\/scripted recorded, strongest\/gpt-x now/);
  assert.throws(() => served.serve(q(rec.exchanges[1])), /replay: no recorded reply for request 3/);
  assert.match(served.divergences[1].what, /request 3 \(act\) is past the end of the recording \(2 exchange\(s\)\)/);
  assert.equal(served.unused, 0);
});
