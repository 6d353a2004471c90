import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ConfigError, parseAgentsYaml } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('seed 001 agents.yaml (orion, revu, lex, scribe) loads verbatim', () => {
  const { agents, warnings } = parseAgentsYaml(fixture('seed-001-all.yaml'));
  assert.deepEqual(agents.map((a) => a.name), ['orion', 'revu', 'lex', 'scribe']);
  assert.equal(warnings.length, 0);
  const orion = agents[0];
  assert.equal(orion.tone, 'Terse, technical, no preamble.');
  assert.equal(orion.hints.length, 3);
  assert.equal(orion.goals[1], 'Build a query‑parameterisation skill for all SQL tasks');
  assert.deepEqual(orion.budgets, { skills: 20, goals: 5, rewards: 30, reflections: 15 });
  assert.equal(orion.learning, 'active');
});

test('seed 000 agents.yaml (no tone, blank lines between keys) loads', () => {
  const { agents } = parseAgentsYaml(fixture('seed-000-orion.yaml'));
  assert.equal(agents[0].domain, 'Distributed systems');
  assert.equal(agents[0].tone, '');
  assert.deepEqual(agents[0].hints, ['Tasks often involve retries, auth, pagination']);
});

test('budgets: per agent over top level over seed skills section over defaults', () => {
  const { agents } = parseAgentsYaml(`
skills:
  max_entries: 12
  decay_halflife_days: 7
budgets:
  rewards: 50
agents:
  - name: a
    persona: p
    budgets: { reflections: 3 }
  - name: b
    persona: p
    skill_half_life_days: 2
`);
  assert.deepEqual(agents[0].budgets, { skills: 12, goals: 5, rewards: 50, reflections: 3 });
  assert.equal(agents[0].skillHalfLifeDays, 7);
  assert.equal(agents[1].skillHalfLifeDays, 2);
});

test('a schema error names file, line, column and what was expected', () => {
  const src = 'agents:\n  - name: ok\n    persona: fine\n  - name: Bad Name\n    persona: x\n';
  assert.throws(
    () => parseAgentsYaml(src, '/data/agents.yaml'),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /\/data\/agents\.yaml:4:5: agents\.1\.name: a lowercase name/);
      assert.deepEqual(err.location, { file: '/data/agents.yaml', line: 4, column: 5 });
      return true;
    },
  );
});

test('a missing required field points at the agent entry', () => {
  assert.throws(() => parseAgentsYaml('agents:\n  - name: x\n    domain: d\n', 'a.yaml'), /a\.yaml:2:\d+: agents\.0\.persona/);
});

test('malformed YAML is reported with its position', () => {
  assert.throws(
    () => parseAgentsYaml('agents:\n  - name: x\n    persona: "unterminated\n', 'a.yaml'),
    (err: unknown) => err instanceof ConfigError && /a\.yaml:\d+:\d+: invalid YAML: Missing closing "quote/.test(err.message),
  );
});

test('duplicate agent names are refused', () => {
  assert.throws(() => parseAgentsYaml('agents:\n  - {name: x, persona: p}\n  - {name: x, persona: q}\n'), /duplicate agent name "x"/);
});

test('unknown keys are warned with their location, not fatal', () => {
  const { agents, warnings } = parseAgentsYaml('agents:\n  - name: x\n    persona: p\n    colour: blue\nextra: 1\n', 'a.yaml');
  assert.equal(agents.length, 1);
  assert.deepEqual(warnings, [
    'a.yaml:5:1: unknown key "extra" at the top level (ignored)',
    'a.yaml:4:5: unknown key "colour" in agents[0] (ignored)',
  ]);
});

test('an alias bomb ("billion laughs") is a config error in milliseconds; a few anchors still work', () => {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('agents:', '  - name: o', '    persona: p', '    hints: *a8');
  const started = process.hrtime.bigint();
  assert.throws(() => parseAgentsYaml(lines.join('\n'), '/d/agents.yaml'), (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID' && /^\/d\/agents\.yaml: invalid YAML: aliases \(\*name\) expand to over 100 copies/.test(e.message));
  assert.ok(process.hrtime.bigint() - started < 5_000_000_000n, 'refused, not expanded');
  const { agents } = parseAgentsYaml('defaults: &d { skills: 9 }\nagents:\n  - { name: a, persona: p, budgets: *d }\n  - { name: b, persona: p, budgets: *d }\n');
  assert.deepEqual(agents.map((a) => a.budgets.skills), [9, 9]);
});
