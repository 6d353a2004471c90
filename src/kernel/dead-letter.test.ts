import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseFrontMatter, parseQueue } from '../store/index.ts';
import { deadLetterChangeSet } from './dead-letter.ts';

test('a dead letter matches the pinned format and carries a block a person can paste back', () => {
  const task = { id: 'sync-1', task: 'Sync the vendor API.\nTwo lines.', priority: 'high' as const, created: '2026-04-29T10:00:00Z', verify: 'test -f sync.py', line: 3 };
  const cs = deadLetterChangeSet('orion', task, { kind: 'model-http', reason: 'HTTP 500 after 3 attempts', attempts: 3 }, new Date('2026-04-29T10:01:00Z'));
  assert.equal(cs.message.split('\n')[0], 'orion(dead-letter): sync-1');
  assert.deepEqual(cs.dequeue, ['sync-1']);
  const [change] = cs.changes;
  assert.equal(change.op === 'write' && change.path, 'iac/dead_letters/sync-1.md');
  const content = change.op === 'write' ? change.content : '';
  assert.equal(content, readFileSync(new URL('./fixtures/dead-letter.md', import.meta.url), 'utf8'));
  const { data, body } = parseFrontMatter(content);
  assert.equal((data as { attempts: number }).attempts, 3);
  const block = /```\n([\s\S]*?)```/.exec(body)?.[1] ?? '';
  const back = parseQueue(block);
  assert.equal(back.tasks[0].task, task.task);
  assert.equal(back.tasks[0].verify, 'test -f sync.py');
});
