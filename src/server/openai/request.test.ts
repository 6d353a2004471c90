// A chat request becomes one task: the last user message first, earlier turns within the bounds,
// OpenAI's other fields accepted and named as ignored, what an agent cannot take refused clearly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationTask, parseChatRequest, taskFieldsOf, TASK_MAX_CHARS, TURN_MAX_CHARS, type ChatMessage } from './request.ts';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string | null, calls: string[] = []): ChatMessage => ({ role: 'assistant', content, tool_calls: calls.map((name) => ({ function: { name } })) });

test('the last user message is the task; earlier turns follow, oldest first, labelled', () => {
  const r = conversationTask([{ role: 'developer', content: 'Be brief.' }, user('Hi'), assistant(null, ['lookup']), { role: 'tool', content: '42' }, user('And now?')], 10_000);
  assert.ok(!('message' in r));
  assert.equal(r.text, 'And now?\n\n---\nEarlier in this conversation (4 messages, oldest first), for context:\n[system (from the client)] Be brief.\n[user] Hi\n[assistant] (called lookup)\n[tool] 42');
  assert.equal(r.turns, 4);
  assert.equal(r.leftOut, 0);
  assert.deepEqual(conversationTask([user('Only this.')], 10_000), { text: 'Only this.', turns: 0, leftOut: 0 });
});

test('the history is bounded: newest turns first, long turns clipped, what is left out is counted', () => {
  const long = 'z'.repeat(TURN_MAX_CHARS + 500);
  const r = conversationTask([user('old one'), user('old two'), user(long), user('now')], TURN_MAX_CHARS + 25);
  assert.ok(!('message' in r));
  assert.equal(r.turns, 1);
  assert.equal(r.leftOut, 2);
  assert.match(r.text, /^now\n\n---\nEarlier in this conversation \(1 message, oldest first; 2 older left out\)/);
  assert.match(r.text, /z{100} \[…clipped\]$/);
  const none = conversationTask([user('a'), user('b')], 0);
  assert.deepEqual(none, { text: 'b', turns: 0, leftOut: 1 });
  // A near-limit request leaves no room for history, and the task stays within the kernel's limit.
  const big = conversationTask([user('a'.repeat(100)), user('q'.repeat(TASK_MAX_CHARS - 50))], 16_384);
  assert.ok(!('message' in big) && big.text.length <= TASK_MAX_CHARS && big.turns === 0);
});

test('what cannot become a task is a 400 that names the message', () => {
  assert.deepEqual(conversationTask([user('a'), assistant('b')], 100), { message: 'messages: the last message must come from the user (got "assistant"); it becomes the agent\'s task', param: 'messages' });
  assert.equal((conversationTask([user('  ')], 100) as { param: string }).param, 'messages.0.content');
  const image = conversationTask([{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url' }] }], 100) as { message: string };
  assert.match(image.message, /messages\.0\.content\.1: only text parts reach an agent \(got "image_url"\)/);
  assert.match((conversationTask([user('x'.repeat(TASK_MAX_CHARS + 1))], 100) as { message: string }).message, /an AgentOS task is at most 65536/);
});

test('OpenAI fields are accepted; those AgentOS does not use are listed; n > 1 and a missing model are refused', () => {
  const ok = parseChatRequest({ model: 'orion', messages: [user('x')], temperature: 1, top_p: 0.5, tools: [], user: 'u', stream: false, metadata: { priority: 'high' } });
  assert.ok(!('message' in ok));
  assert.deepEqual(ok.ignored, ['temperature', 'top_p', 'tools', 'user']);
  const n = parseChatRequest({ model: 'orion', messages: [user('x')], n: 3 }) as { message: string; param: string };
  assert.equal(n.param, 'n');
  assert.match(n.message, /one answer per task/);
  assert.equal((parseChatRequest({ messages: [user('x')] }) as { param: string }).param, 'model');
  assert.equal((parseChatRequest({ model: 'orion', messages: [{ role: 'wizard', content: 'x' }] }) as { param: string }).param, 'messages.0.role');
});

test('metadata maps onto the task: task_id, priority, tags', () => {
  assert.deepEqual(taskFieldsOf({ task_id: 'chat-1', priority: 'low', tags: ' api, billing ,', other: 'x' }), { id: 'chat-1', priority: 'low', tags: ['api', 'billing'] });
  assert.deepEqual(taskFieldsOf(null), {});
});
