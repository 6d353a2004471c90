// The shipped examples read, and the policy rules: merging, route tables, refusals.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { applyPolicy, loadPolicy, replaceRouteTable } from './policy.ts';
import { loadSuite, parseSuite } from './suite.ts';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'examples', 'evals');

test('every shipped example suite and policy reads', async () => {
  for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.yaml'))) {
    const file = path.join(EXAMPLES, f);
    if (f.startsWith('policy-')) assert.ok((await loadPolicy(file)).name, f);
    else assert.ok((await loadSuite(file)).tasks.length > 0, f);
  }
  const basic = await loadSuite(path.join(EXAMPLES, 'basic.yaml'));
  assert.deepEqual(basic.tasks[0].judges.map((j) => j.kind), ['security', 'tests', 'command'], 'defaults come first');
  assert.equal(basic.tasks.at(-1)!.expect, 'failure');
});

test('a policy merges into the chosen agents and the models section, checked by the agents.yaml reader', async () => {
  const policy = await loadPolicy(path.join(EXAMPLES, 'policy-4o.yaml'));
  const yaml = 'agents:\n  - name: orion\n    persona: "P"\n  - name: revu\n    persona: "R"\nmodels:\n  tiers:\n    strongest: { model: old, price: { input: 1, output: 1 }, context_window: 8000 }\n';
  const out = parse(applyPolicy(yaml, ['orion'], policy));
  assert.deepEqual(out.agents.map((a: { name: string }) => a.name), ['orion']);
  assert.equal(out.agents[0].max_steps, 6);
  assert.deepEqual(out.models.tiers.strongest, { model: 'gpt-4o', price: { input: 2.5, output: 10 } }, 'a tier is replaced whole');
  assert.throws(() => applyPolicy(yaml, ['nobody'], policy), /no agent named "nobody"/);
});

test('the route table is replaced row by row', () => {
  const before = '# C\n\n| reasoning_demand | route |\n|---|---|\n| routine | cheap-fast |\n| moderate | balanced |\n| novel | strongest |\n| consensus | strongest multi-agent |\n\nafter\n';
  const after = replaceRouteTable(before, { routine: 'balanced' });
  assert.match(after, /\| routine \| balanced \|\n\| moderate \| balanced \|\n\| novel \| strongest \|\n\| consensus \| strongest multi-agent \|\n\nafter/);
  assert.match(replaceRouteTable('# C\n', { novel: 'balanced' }), /## Model routing\n\n\| reasoning_demand \| route \|\n\|-+\|-+\|\n\| novel \| balanced \|/);
});

test('suite defaults merge into tasks; an unknown key is refused with its place', () => {
  const s = parseSuite('version: 1\nname: s\ndefaults: { tags: [a], priority: high }\ntasks:\n  - { id: t, task: x, tags: [b] }\n', 's.yaml');
  assert.deepEqual(s.tasks[0].tags, ['a', 'b']);
  assert.equal(s.tasks[0].priority, 'high');
  assert.throws(() => parseSuite('version: 1\nname: s\ntasks:\n  - id: t\n    task: x\n    judge: []\n', 's.yaml'), /s\.yaml:4:5: tasks\.0: Unrecognized key: "judge"/);
});
