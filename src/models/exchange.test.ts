// Request digests for replay: the same request digests the same however it was built; a tool
// result's wall time is left out; a difference is said in words (which part, which message).
import test from 'node:test';
import assert from 'node:assert/strict';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { describeDifference, digestRequest, maskWallTimes, seedOf } from './exchange.ts';

const call = (system: string, toolMs: number, user = 'do it'): LanguageModelV3CallOptions => ({
  prompt: [
    { role: 'system', content: system },
    { role: 'user', content: [{ type: 'text', text: user }] },
    { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'shell', input: { command: 'ls' } }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'shell', output: { type: 'text', value: `{\n "exit_code": 0,\n "ms": ${toolMs}\n}` } }] },
  ],
  temperature: 0,
});

test('a tool result differing only in its wall time digests the same; anything else does not, and says where', () => {
  assert.equal(digestRequest(call('be brief', 29)).digest, digestRequest(call('be brief', 31)).digest);
  assert.equal(describeDifference(digestRequest(call('be brief', 29)), digestRequest(call('be brief', 31))), '');
  assert.equal(describeDifference(digestRequest(call('be brief', 29)), digestRequest(call('be long', 29))), 'the system prompt');
  assert.equal(describeDifference(digestRequest(call('x', 1)), digestRequest(call('x', 1, 'do that'))), 'message 1 and after');
  const fewer = { ...call('x', 1), prompt: call('x', 1).prompt.slice(0, 2) };
  assert.match(describeDifference(digestRequest(call('x', 1)), digestRequest(fewer)), /the number of messages \(3 recorded, 1 now\)/);
  assert.equal(maskWallTimes('{"ms":12,"bytes":3}'), '{"ms":0,"bytes":3}');
  assert.equal(maskWallTimes(JSON.stringify({ v: '{ "ms": 29 }' })), JSON.stringify({ v: '{ "ms": 0 }'}));
  assert.equal(seedOf('k1'), seedOf('k1'));
  assert.ok(seedOf('k1') >= 0 && seedOf('k1') < 2 ** 31);
});
