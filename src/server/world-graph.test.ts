import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorldRecord } from '../learn/index.ts';
import { endpointLabel } from './gauges.ts';
import { worldGraph } from './world-graph.ts';

const rec = (name: string, claim: string, over: Partial<WorldRecord> = {}): WorldRecord => ({
  name, kind: 'entity', status: 'confirmed', claim, confidence: 0.8, aliases: [], tags: [], evidence: { supports: ['t1'], contradicts: [], verified: [] },
  first_seen: '2026-01-01T00:00:00Z', last_confirmed: null, supersedes: [], created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', source: ['t1'], body: '', ...over,
});

test('records become nodes; a claim naming another record (or its alias) is an edge; shared tags are nodes; the size is bounded', () => {
  const g = worldGraph([
    rec('rate-limiter', 'Allows 100 requests per minute', { aliases: ['throttle'], tags: ['api'] }),
    rec('nightly-sync', 'The nightly sync goes through the throttle', { kind: 'relation', tags: ['api'] }),
    rec('lonely', 'Nothing to do with the others', { status: 'hypothesis', confidence: 0.2, tags: ['misc'] }),
  ]);
  assert.deepEqual(g.nodes.map((n) => n.id), ['r:rate-limiter', 'r:nightly-sync', 'r:lonely', 't:api']);
  assert.deepEqual(g.edges, [
    { source: 'r:nightly-sync', target: 'r:rate-limiter', type: 'mentions' },
    { source: 'r:rate-limiter', target: 't:api', type: 'tagged' },
    { source: 'r:nightly-sync', target: 't:api', type: 'tagged' },
  ]);
  const small = worldGraph([rec('a', 'x', { confidence: 0.9 }), rec('b', 'y', { confidence: 0.1 })], 1);
  assert.deepEqual(small.nodes.map((n) => n.id), ['r:a']);
  assert.equal(small.omitted, 1);
});

test('breaker endpoints as metric labels: provider and host, never a path or credentials', () => {
  assert.equal(endpointLabel('openai-compatible https://user:secret@api.example.com:8443/v1'), 'openai-compatible api.example.com:8443');
  assert.equal(endpointLabel('anthropic not-a-url'), 'anthropic');
});
