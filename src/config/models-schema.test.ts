import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ConfigError, modelsPolicyOf, parseAgentsYaml } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('models: tiers, chains, prices, budgets and circuit load; an agent overrides per key', () => {
  const { agents, warnings, circuit } = parseAgentsYaml(fixture('models-tiers.yaml'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(circuit, { failures: 2, cooldownMs: 10_000 });
  const [orion, lex] = agents;
  const p = modelsPolicyOf(orion);
  assert.equal(p.tiers.strongest?.length, 2);
  assert.equal(p.tiers.strongest?.[0].apiKeyEnv, 'ANTHROPIC_API_KEY');
  assert.deepEqual(p.tiers.balanced?.[0].price, { input: 0.15, output: 0.6 });
  assert.equal(p.dailyBudgetUsd, 5);
  assert.equal(p.targetSuccess, 0.8, 'medium risk → 0.8');
  assert.deepEqual(p.consensus, { calls: 3, aggregate: 'majority' });
  const l = modelsPolicyOf(lex);
  assert.equal(l.dailyBudgetUsd, 1);
  assert.equal(l.targetSuccess, 0.9, 'high risk → 0.9');
  assert.deepEqual(l.consensus, { calls: 5, aggregate: 'judge' });
  assert.equal(l.tiers['cheap-fast']?.[0].model, 'gpt-4o-mini', 'own tier replaces the global one');
  assert.equal(l.tiers.strongest?.length, 2, 'other tiers come from the global section');
});

test('no models section: defaults, learned policy follows `learning`', () => {
  const { agents } = parseAgentsYaml('agents:\n  - {name: a, persona: p}\n  - {name: b, persona: p, learning: none, risk_level: critical}\n');
  assert.deepEqual(modelsPolicyOf(agents[0]), { tiers: {}, targetSuccess: 0.8, learn: true, cascade: true, consensus: { calls: 3, aggregate: 'majority' } });
  assert.equal(modelsPolicyOf(agents[1]).learn, false);
  assert.equal(modelsPolicyOf(agents[1]).targetSuccess, 0.95);
});

test('an API key written into agents.yaml is refused with where and what to do', () => {
  const src = 'models:\n  tiers:\n    strongest:\n      model: gpt-4o\n      api_key: sk-live-abcdef123456\nagents:\n  - {name: a, persona: p}\n';
  assert.throws(
    () => parseAgentsYaml(src, 'agents.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /agents\.yaml:5:\d+: models\.tiers\.strongest\.0\.api_key: never put a key in agents\.yaml/);
      assert.doesNotMatch(e.message, /sk-live/);
      return true;
    },
  );
});

test('bad tier names, unknown keys and a value instead of a variable name are errors with lines', () => {
  assert.throws(() => parseAgentsYaml('models:\n  tiers:\n    huge: {model: x}\nagents:\n  - {name: a, persona: p}\n', 'a.yaml'), /a\.yaml:2:\d+: models\.tiers: Unrecognized key: "huge"/);
  assert.throws(() => parseAgentsYaml('models:\n  tiers:\n    balanced: {model: x, colour: red}\nagents:\n  - {name: a, persona: p}\n', 'a.yaml'), /a\.yaml:3:\d+: models\.tiers\.balanced\.0: Unrecognized key: "colour"/);
  assert.throws(() => parseAgentsYaml('models:\n  tiers:\n    balanced: {api_key_env: "sk-123 456"}\nagents:\n  - {name: a, persona: p}\n', 'a.yaml'), /the NAME of an environment variable/);
  assert.throws(() => parseAgentsYaml('agents:\n  - name: a\n    persona: p\n    models: {circuit: {failures: 2}}\n', 'a.yaml'), /circuit/);
});
