import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { balancedSlice, extractJson, repairJson } from './json-extract.ts';

const Schema = z.object({ answer: z.string(), tags: z.array(z.string()), score: z.number().nullable() });
const good = { answer: 'yes', tags: ['a', 'b'], score: null };

test('plain JSON parses and validates', () => {
  assert.deepEqual(extractJson(JSON.stringify(good), Schema), { ok: true, value: good });
});

test('a fenced json block inside prose is found', () => {
  const text = `Sure! Here is the result:\n\n\`\`\`json\n${JSON.stringify(good, null, 2)}\n\`\`\`\nHope that helps.`;
  assert.deepEqual(extractJson(text, Schema), { ok: true, value: good });
});

test('bare JSON inside prose, with braces inside strings, is found', () => {
  const value = { answer: 'use {x} and }', tags: [], score: 2 };
  const text = `I think {this} is it: ${JSON.stringify(value)} — done.`;
  assert.deepEqual(extractJson(text, Schema), { ok: true, value });
});

test('trailing commas are repaired', () => {
  const text = '{"answer": "ok", "tags": ["a", "b",], "score": 1,}';
  assert.deepEqual(extractJson(text, Schema), { ok: true, value: { answer: 'ok', tags: ['a', 'b'], score: 1 } });
});

test('a truncated reply is closed when that makes it whole', () => {
  assert.equal(repairJson('{"a": "hel'), '{"a": "hel"}');
  assert.equal(repairJson('{"a": 1, "b": ['), '{"a": 1, "b": []}');
  assert.equal(repairJson('{"a": 1, "b"'), '{"a": 1}');
  assert.equal(repairJson('{"a": 1, "b":'), '{"a": 1}');
  assert.equal(repairJson('{"a": {"c": 2,'), '{"a": {"c": 2}}');
  const text = '```json\n{"answer": "long text cut'; // unterminated fence and string
  const r = extractJson(text, z.object({ answer: z.string() }));
  assert.deepEqual(r, { ok: true, value: { answer: 'long text cut' } });
});

test('balancedSlice stops at the matching brace and ignores escaped quotes', () => {
  const text = 'x {"a": "q\\"}", "b": [1, {"c": 2}]} tail';
  assert.equal(balancedSlice(text, 2), '{"a": "q\\"}", "b": [1, {"c": 2}]}');
});

test('prose without JSON says so and quotes the start of the reply', () => {
  const r = extractJson('I cannot help with that request.', Schema);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /^reply is not JSON: .*first 200 chars: I cannot help/);
});

test('broken JSON reports the parse error', () => {
  const r = extractJson('{"answer": yes please}', Schema);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /reply is not JSON: .*(Unexpected|JSON)/);
});

test('JSON of the wrong shape names the failing path', () => {
  const r = extractJson('{"answer": 3, "tags": ["a", 5], "score": null}', Schema);
  assert.equal(r.ok, false);
  const error = !r.ok ? r.error : '';
  assert.match(error, /does not match the schema/);
  assert.match(error, /at answer: /);
  assert.match(error, /at tags\.1: /);
});

test('an empty reply is reported as empty', () => {
  const r = extractJson('   ', Schema);
  assert.deepEqual(r, { ok: false, error: 'reply is empty: expected a JSON object' });
});
