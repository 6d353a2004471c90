// A task's commit message read back after real git stored it: the answer between the facts and the
// tool calls, whatever the answer holds (blank lines, "- " lines, a line like the tool-calls header).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ContextStats } from '../context/index.ts';
import type { LearnSummary } from '../learn/index.ts';
import { Git, type QueueTask } from '../store/index.ts';
import { MAX_RESPONSE_IN_COMMIT, readTaskMessage, taskCommitMessage } from './task-message.ts';

const task = { id: 't-1', task: 'x', priority: 'normal', created: '2026-01-01T00:00:00Z', line: 1 } as QueueTask;
const stats: ContextStats = { window: 1000, reserved: { output: 1, persona: 1, constraints: 1, system: 1, task: 1 }, budget: 100, used: 10, total: 200, included: 1, excluded: 0 };
const summary = (o: Partial<LearnSummary> = {}): LearnSummary => ({
  reward: 1, auditScore: 1, outcome: 'success', skillsPruned: [], goalsDropped: [], auditReason: 'ok', world: [], problems: [], ...o,
});

async function roundTrip(t: { after: (f: () => void) => void }, message: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-msg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = new Git(dir);
  await git.init();
  await git.commit(message, { allowEmpty: true });
  return git.raw(['log', '-1', '--format=%B']);
}

test('the answer comes back from the commit git stored, between the facts and the tool calls', async (t) => {
  const answer = 'First line.\n\n- a list item\n\ntool calls (1):\n- not a real call\n\nLast line.';
  const world = [{ type: 'added' as const, name: 'orders', detail: 'a detail\nover two lines' }];
  const msg = taskCommitMessage('orion', task, summary({ world, reward: 1, auditScore: 0, auditReason: 'no\nverify' }), answer, 'm', true, stats, ['route: a → b'], ['- shell {"command":"ls"} → exit 0, 10 B, 3 ms']);
  const read = readTaskMessage(await roundTrip(t, msg));
  assert.equal(read.answer, answer);
  assert.equal(read.truncated, false);
  assert.deepEqual(read.toolCalls, ['- shell {"command":"ls"} → exit 0, 10 B, 3 ms']);
  assert.ok(read.facts.some((f) => f === 'world: added orders a detail over two lines'), 'a fact stays on one line');
  assert.ok(read.facts.some((f) => f === 'audit: no verify'));
  assert.equal(read.facts.length, 6, read.facts.join(' | '));
});

test('an empty answer, an answer without tool calls, and a truncated answer', async (t) => {
  const empty = readTaskMessage(await roundTrip(t, taskCommitMessage('orion', task, summary(), '', 'm', undefined, stats, [], ['- read_file {} → ok, 1 B, 1 ms'])));
  assert.equal(empty.answer, '');
  assert.equal(empty.toolCalls.length, 1);
  const plain = readTaskMessage(await roundTrip(t, taskCommitMessage('orion', task, summary(), 'Just this.\n\n\n\nAnd this.  ', 'm', undefined, stats, [], [])));
  assert.equal(plain.answer, 'Just this.\n\nAnd this.', 'git collapses blank lines and trailing spaces');
  assert.deepEqual(plain.toolCalls, []);
  const long = 'y'.repeat(MAX_RESPONSE_IN_COMMIT + 100);
  const cut = readTaskMessage(await roundTrip(t, taskCommitMessage('orion', task, summary(), long, 'm', undefined, stats, [], [])));
  assert.equal(cut.truncated, true);
  assert.equal(cut.answer, long.slice(0, MAX_RESPONSE_IN_COMMIT));
});
