// Provider faults through the whole runtime: every task ends committed or dead-lettered,
// with a reason a person can act on, and the API key never written anywhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Git } from '../src/store/index.ts';
import { report, startHarness } from './support/harness.ts';

const orion = (dir: string, ...p: string[]) => path.join(dir, 'agents', 'orion', ...p);
const task = (id: string) => ({ id, task: `do ${id}`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z' });

test('429 with Retry-After is honoured, then the task completes', async () => {
  let calls = 0;
  const h = await startHarness({ script: () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } } : report()) });
  try {
    await h.runtime.enqueue('orion', task('t429'));
    await h.runtime.drain();
    assert.equal(h.server.requests.length, 2);
    const gap = h.server.requests[1].receivedAt - h.server.requests[0].receivedAt;
    assert.ok(gap >= 900, `waited ${gap} ms, Retry-After asked for 1 s`);
    assert.deepEqual((await new Git(orion(h.dir)).subjects())[0], 'orion(task): t429');
  } finally {
    await h.close();
  }
});

test('repeated 500s dead-letter the task with the reason; the next task still runs', async () => {
  const h = await startHarness({
    model: { maxAttempts: 2 },
    script: (req) => (JSON.stringify(req.messages).includes('# Task bad') ? { status: 500, body: { error: { message: 'upstream exploded' } } } : report()),
  });
  try {
    await h.runtime.enqueue('orion', task('bad'));
    await h.runtime.enqueue('orion', task('good'));
    await h.runtime.drain();
    const subjects = await new Git(orion(h.dir)).subjects();
    assert.ok(subjects.includes('orion(dead-letter): bad'), subjects.join('\n'));
    assert.ok(subjects.includes('orion(task): good'));
    const letter = readFileSync(orion(h.dir, 'iac', 'dead_letters', 'bad.md'), 'utf8');
    assert.match(letter, /kind: model-http/);
    assert.match(letter, /attempts: 2/);
    assert.match(letter, /500/);
    assert.equal(h.runtime.worker('orion').stats.deadLettered, 1);
  } finally {
    await h.close();
  }
});

test('a reply that is not valid JSON is retried, then dead-lettered as invalid output', async () => {
  const h = await startHarness({ model: { maxAttempts: 2 }, script: () => ({ text: 'Sure! Here is my answer, no JSON at all.' }) });
  try {
    await h.runtime.enqueue('orion', task('prose'));
    await h.runtime.drain();
    assert.equal(h.server.requests.length, 2);
    assert.match(readFileSync(orion(h.dir, 'iac', 'dead_letters', 'prose.md'), 'utf8'), /kind: model-invalid-output/);
  } finally {
    await h.close();
  }
});

test('a model that never answers times out and is dead-lettered', async () => {
  const h = await startHarness({ model: { maxAttempts: 1, timeoutMs: 300 }, script: () => ({ hang: true }) });
  try {
    await h.runtime.enqueue('orion', task('slow'));
    await h.runtime.drain();
    assert.match(readFileSync(orion(h.dir, 'iac', 'dead_letters', 'slow.md'), 'utf8'), /kind: model-timeout/);
  } finally {
    await h.close();
  }
});

test('the API key never reaches files or git history, even when the server echoes it', async () => {
  const h = await startHarness({
    model: { maxAttempts: 1 },
    script: (req) => ({ status: 401, body: { error: { message: `bad key ${String(req.body?.headers ?? '')} sk-test-secret-key-123` } } }),
  });
  try {
    await h.runtime.enqueue('orion', task('auth'));
    await h.runtime.drain();
    const history = execFileSync('git', ['-C', orion(h.dir), 'log', '-p', '--all'], { encoding: 'utf8' });
    assert.match(history, /dead-letter/);
    assert.ok(!history.includes('sk-test-secret-key-123'), 'key leaked into git history');
    assert.ok(!readFileSync(orion(h.dir, 'iac', 'dead_letters', 'auth.md'), 'utf8').includes('sk-test-secret-key-123'));
  } finally {
    await h.close();
  }
});

test('the Anthropic provider runs the same loop against an Anthropic-format server', async () => {
  const h = await startHarness({ format: 'anthropic', model: { provider: 'anthropic', model: 'claude-scripted' }, script: () => report() });
  try {
    await h.runtime.enqueue('orion', task('anth'));
    await h.runtime.drain();
    assert.equal((await new Git(orion(h.dir)).subjects())[0], 'orion(task): anth');
    assert.equal(h.server.requests[0].path, '/v1/messages');
  } finally {
    await h.close();
  }
});
