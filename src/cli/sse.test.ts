import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from './sse.ts';
import { formatEvent } from './watch-format.ts';

test('SSE frames split anywhere, comments, multi-line data, CRLF, ids remembered for resume', () => {
  const p = new SseParser();
  const text = ': hello\n\nretry: 3000\nid: b-1\nevent: task.queued\ndata: {"a":1}\n\nid: b-2\r\ndata: line1\r\ndata: line2\r\n\r\n';
  const out = [];
  for (let i = 0; i < text.length; i += 3) out.push(...p.push(text.slice(i, i + 3)));
  assert.deepEqual(out, [{ id: 'b-1', event: 'task.queued', data: '{"a":1}' }, { id: 'b-2', event: 'message', data: 'line1\nline2' }]);
  assert.equal(p.lastId, 'b-2');
});

test('watch lines say what happened in words', () => {
  const at = new Date('2026-01-01T10:11:12Z');
  assert.equal(formatEvent({ type: 'task.queued', agent: 'orion', task: 't1', priority: 'high', title: 'Fix it' }, at), '10:11:12 orion      queued    t1 (high): Fix it');
  assert.match(formatEvent({ type: 'task.completed', agent: 'orion', task: 't1', reward: 1, auditScore: 0, model: 'm', tier: 'balanced', durationMs: 1500, commit: 'abcdef0123456789' }, at), /committed t1: reward \+1, audit 0, m \(balanced\), 1\.5 s, commit abcdef01$/);
  assert.match(formatEvent({ type: 'approval.waiting', agent: 'orion', task: 't1', request: 'apr-1', kind: 'approval', tool: 'shell' }, at), /APPROVAL  t1: apr-1 approval shell — agentos approve apr-1$/);
  assert.match(formatEvent({ type: 'gap', missed: 3, reason: 'the buffer keeps the last 1000 events' }, at), /missed 3 event\(s\)/);
  assert.match(formatEvent({ type: 'something.new', agent: 'x' }, at), /something\.new \{"type":"something\.new","agent":"x"\}$/);
});
