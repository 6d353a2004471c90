// The limits and iac keys added for hardening: defaults, overrides, the quorum default that can
// succeed with two agents, and refusals of hostile YAML (alias bombs, duplicate keys, key floods).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEFAULT_LIMITS, parseAgentsYaml } from './index.ts';

const agents = (n: number) => `agents:\n${Array.from({ length: n }, (_, i) => `  - name: a${i}\n    persona: "p"\n`).join('')}`;

test('limits: documented defaults, then the agents.yaml keys', () => {
  assert.deepEqual(parseAgentsYaml(agents(1)).agents[0].limits, DEFAULT_LIMITS);
  const { agents: [a, b] } = parseAgentsYaml(`${agents(2)}
queue: { max_task_kb: 8, max_block_kb: 16, max_block_keys: 20, after_grace_s: 5 }
context: { tokenizer_max_word_chars: 64, tokenizer_exact_kb: 32 }
models: { task_deadline_s: 120 }
workspace: { max_file_kb: 10, max_files: 3, max_total_mb: 1 }
iac: { max_hops: 2 }
`);
  assert.deepEqual(a.limits, {
    queue: { maxTaskBytes: 8192, maxBlockBytes: 16384, maxBlockKeys: 20, afterGraceMs: 5000 },
    tokenizer: { maxWordChars: 64, exactMaxChars: 32768 },
    taskDeadlineMs: 120_000,
    workspace: { commit: true, maxFileBytes: 10240, maxFiles: 3, maxTotalBytes: 1048576 },
  });
  assert.equal(a.iac?.maxHops, 2);
  assert.deepEqual(b.limits, a.limits);
  // Per agent: its own deadline and workspace.
  const own = parseAgentsYaml(`agents:\n  - name: x\n    persona: p\n    models: { task_deadline_s: 30 }\n    workspace: { commit: false }\n`).agents[0];
  assert.equal(own.limits?.taskDeadlineMs, 30_000);
  assert.equal(own.limits?.workspace.commit, false);
  assert.throws(() => parseAgentsYaml(`${agents(1)}queue: { max_task_kb: 0 }\n`), ConfigError);
  assert.throws(() => parseAgentsYaml(`${agents(1)}iac: { max_hops: -1 }\n`), ConfigError);
});

test('quorum: the default can succeed with two agents, and a min_voters that cannot is explained', () => {
  assert.equal(parseAgentsYaml(agents(2)).agents[0].iac?.consensus.minVoters, 1, 'two agents: the other one decides');
  assert.equal(parseAgentsYaml(agents(3)).agents[0].iac?.consensus.minVoters, 2);
  assert.equal(parseAgentsYaml(agents(5)).agents[0].iac?.consensus.minVoters, 2);
  assert.deepEqual(parseAgentsYaml(agents(2)).warnings, []);
  const { warnings } = parseAgentsYaml(`${agents(2)}iac: { consensus: { min_voters: 2 } }\n`);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /min_voters is 2, but a proposal can have at most 1 eligible agent voter\(s\) \(2 agent\(s\); a proposer does not vote on its own proposal\): no proposal can be accepted by the agents alone; lower min_voters to 1/);
  assert.deepEqual(parseAgentsYaml(agents(1)).warnings, [], 'one agent shares with no one: nothing to warn about');
});

test('hostile YAML: an alias bomb, duplicate keys and a key flood are refused with a clear ConfigError', { timeout: 20_000 }, () => {
  const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n${agents(1)}`;
  assert.throws(() => parseAgentsYaml(bomb), (e: unknown) => e instanceof ConfigError && /aliases \(\*name\) expand to over 100 copies/.test(e.message));
  assert.throws(() => parseAgentsYaml(`${agents(1)}agents: []\n`), (e: unknown) => e instanceof ConfigError && /^agents\.yaml:4:1: duplicate key "agents"/.test(e.message));
  const flood = `${agents(1)}x:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n  k7: again\n`;
  assert.throws(() => parseAgentsYaml(flood), (e: unknown) => e instanceof ConfigError && /duplicate key "k7"/.test(e.message));
  const prev = process.env.AGENTOS_AGENTS_YAML_MAX_KB;
  process.env.AGENTOS_AGENTS_YAML_MAX_KB = '1';
  try {
    assert.throws(() => parseAgentsYaml(`${agents(1)}# ${'x'.repeat(2000)}\n`), (e: unknown) => e instanceof ConfigError && /AGENTOS_AGENTS_YAML_MAX_KB/.test(e.message));
  } finally {
    if (prev === undefined) delete process.env.AGENTOS_AGENTS_YAML_MAX_KB;
    else process.env.AGENTOS_AGENTS_YAML_MAX_KB = prev;
  }
});
