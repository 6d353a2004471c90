import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelsPolicyOf, parseAgentsYaml, type ModelSettings } from '../config/index.ts';
import { costUsd, fallbackChain, resolveTiers, strongerTier } from './index.ts';

const base: ModelSettings = {
  provider: 'openai-compatible', baseURL: 'http://llm.local/v1', model: 'house-model', apiKey: 'llm-key-123456',
  maxTokens: 1000, timeoutMs: 5000, maxAttempts: 2, structured: 'json-schema',
};

test('with only LLM_* set, every tier is that one model (the core behaviour)', () => {
  const { agents } = parseAgentsYaml('agents:\n  - {name: a, persona: p}\n');
  const tiers = resolveTiers(modelsPolicyOf(agents[0]), base, {});
  for (const t of ['cheap-fast', 'balanced', 'strongest'] as const) {
    assert.equal(tiers.byName[t].length, 1);
    assert.deepEqual(tiers.byName[t][0].settings, base);
    assert.equal(tiers.byName[t][0].price, null);
  }
  assert.equal(fallbackChain(tiers, 'balanced').length, 1, 'one distinct model: no fallback to itself');
  assert.equal(strongerTier(tiers, 'cheap-fast'), undefined, 'no cascade onto the same model');
});

test('keys come from the named variable; LLM_API_KEY never goes to another host', () => {
  const { agents } = parseAgentsYaml(`models:
  tiers:
    cheap-fast: { model: small }
    balanced: { model: mid, base_url: https://other.example/v1 }
    strongest: { provider: anthropic, model: big, api_key_env: BIG_KEY, price: { input: 3, output: 15 } }
agents:
  - {name: a, persona: p}
`);
  const tiers = resolveTiers(modelsPolicyOf(agents[0]), base, { BIG_KEY: 'big-secret-123' });
  assert.equal(tiers.byName['cheap-fast'][0].settings.apiKey, 'llm-key-123456', 'same endpoint as LLM_*: its key');
  assert.equal(tiers.byName['cheap-fast'][0].settings.model, 'small');
  assert.equal(tiers.byName.balanced[0].settings.apiKey, undefined, 'another host: no LLM_API_KEY');
  assert.equal(tiers.byName.strongest[0].settings.apiKey, 'big-secret-123');
  assert.equal(tiers.byName.strongest[0].settings.baseURL, 'https://api.anthropic.com/v1');
  assert.ok(!tiers.byName.strongest[0].label.includes('big-secret'), 'labels carry no key');
  const missing = resolveTiers(modelsPolicyOf(agents[0]), base, {});
  assert.match(missing.warnings[0], /models\.tiers\.strongest: environment variable BIG_KEY is not set/);
  assert.equal(costUsd(tiers.byName.strongest[0].price, { inputTokens: 1_000_000, outputTokens: 100_000 }), 4.5);
  assert.equal(costUsd(null, { inputTokens: 5, outputTokens: 5 }), null);
});

test('fallback order: the tier chain, then stronger tiers, then weaker; the cascade goes up', () => {
  const { agents } = parseAgentsYaml(`models:
  tiers:
    cheap-fast: { model: c }
    balanced: [{ model: b1 }, { model: b2 }]
    strongest: { model: s }
agents:
  - {name: a, persona: p}
`);
  const tiers = resolveTiers(modelsPolicyOf(agents[0]), base, {});
  assert.deepEqual(fallbackChain(tiers, 'balanced').map((m) => m.settings.model), ['b1', 'b2', 's', 'c']);
  assert.deepEqual(fallbackChain(tiers, 'strongest').map((m) => m.settings.model), ['s', 'b1', 'b2', 'c']);
  assert.equal(strongerTier(tiers, 'cheap-fast'), 'balanced');
  assert.equal(strongerTier(tiers, 'strongest'), undefined);
});
