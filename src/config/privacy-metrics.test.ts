// agents.yaml privacy: and metrics: — resolved, and refused at their line when wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAgentsYaml } from './index.ts';

const base = 'agents:\n  - name: a\n    persona: p\n';

test('privacy: detectors and own patterns resolve for the whole data directory; metrics per agent', () => {
  const r = parseAgentsYaml(`privacy:\n  redact: [email, phone, email]\n  patterns:\n    - { name: customer, regex: "CUST-\\\\d{6}", flags: i }\n${base}    metrics:\n      - { name: answers cite a source, measure: verify_pass_rate, target: 0.9 }\n`);
  assert.deepEqual(r.privacy, { detectors: ['email', 'phone'], patterns: [{ name: 'customer', regex: 'CUST-\\d{6}', flags: 'i' }] });
  assert.deepEqual(r.agents[0].metrics, [{ name: 'answers cite a source', measure: 'verify_pass_rate', target: 0.9 }]);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(parseAgentsYaml(base).privacy, { detectors: [], patterns: [] });
});

test('a pattern that does not compile, an unknown detector or measure: refused with file:line:column', () => {
  assert.throws(() => parseAgentsYaml(`privacy:\n  patterns:\n    - { name: x, regex: "(unclosed" }\n${base}`, 'agents.yaml'), /agents\.yaml:3:\d+: privacy\.patterns\.0\.regex: not a valid regular expression/);
  assert.throws(() => parseAgentsYaml(`privacy:\n  patterns:\n    - { name: x, regex: "a*" }\n${base}`), /matches the empty string/);
  assert.throws(() => parseAgentsYaml(`privacy:\n  redact: [emails]\n${base}`, 'agents.yaml'), /agents\.yaml:2:\d+: privacy\.redact\.0: Invalid option: expected one of "email"\|"phone"/);
  assert.throws(() => parseAgentsYaml(`${base}    metrics: [{ name: speed, measure: vibes }]\n`, 'agents.yaml'), /agents\.yaml:4:\d+: agents\.0\.metrics\.0\.measure: Invalid option: expected one of "success_rate"/);
});
