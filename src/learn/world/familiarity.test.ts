import assert from 'node:assert/strict';
import { test } from 'node:test';
import { worldFamiliarity } from './familiarity.ts';
import type { WorldRecord } from './types.ts';

const rec = (name: string, over: Partial<WorldRecord> = {}): WorldRecord => ({
  name, kind: 'entity', status: 'confirmed', claim: `${name} exists`, confidence: 0.8, aliases: [], tags: [],
  evidence: { supports: [], contradicts: [], verified: [] }, first_seen: '2026-01-01', last_confirmed: null, supersedes: [],
  created: '2026-01-01', updated: '2026-01-01', source: [], body: '', ...over,
});

test('familiarity: the world model names the task’s entities by name, alias or tag; hypotheses count half', () => {
  const world = [rec('stripe-api', { confidence: 0.9 }), rec('billing-db', { confidence: 0.6, aliases: ['ledger store'] }), rec('payments', { status: 'hypothesis', confidence: 0.8, tags: ['payments'] })];
  assert.equal(worldFamiliarity({ text: 'Add retries to the Stripe API client', tags: [] }, world), 0.9);
  assert.equal(worldFamiliarity({ text: 'Migrate the ledger store', tags: [] }, world), 0.6);
  assert.equal(worldFamiliarity({ text: 'Refund flow', tags: ['payments'] }, world), 0.4);
  assert.ok(Math.abs(worldFamiliarity({ text: 'stripe api writes to the billing db', tags: [] }, world) - 0.75) < 1e-9);
  assert.equal(worldFamiliarity({ text: 'Write a haiku', tags: [] }, world), 0);
  assert.equal(worldFamiliarity({ text: 'anything', tags: [] }, []), 0);
  // "stripe" alone does not name stripe-api: every word of the name must appear.
  assert.equal(worldFamiliarity({ text: 'stripe checkout', tags: [] }, world), 0);
});
