import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { agentPaths, sharedPaths, runtimeDir, agentsYamlPath, isValidAgentName } from './paths.ts';
import { InvalidAgentNameError } from './errors.ts';

test('agentPaths gives absolute paths under DATA/agents/<name>', () => {
  const p = agentPaths('rel/data', 'orion');
  const root = path.resolve('rel/data', 'agents', 'orion');
  assert.equal(p.root, root);
  assert.equal(p.queue, path.join(root, 'queue.md'));
  assert.equal(p.rejected, path.join(root, 'queue.rejected.md'));
  assert.equal(p.systemPrompt, path.join(root, 'system_prompt.md'));
  assert.equal(p.skillsIndex, path.join(root, 'skills.md'));
  assert.equal(p.skillsDir, path.join(root, 'skills'));
  assert.equal(p.context, path.join(root, 'context.md'));
  assert.equal(p.worldDir, path.join(root, 'world'));
  assert.equal(p.deadLettersDir, path.join(root, 'iac', 'dead_letters'));
  for (const v of Object.values(p)) assert.ok(path.isAbsolute(v) && v.startsWith(root));
});

test('agent names that could escape the data dir are refused', () => {
  for (const bad of ['', '..', '.hidden', 'a/b', 'a\\b', 'Orion', '-x', 'a b', 'x'.repeat(64), '../etc', 'a\0b']) {
    assert.throws(() => agentPaths('/data', bad), InvalidAgentNameError, bad);
    assert.equal(isValidAgentName(bad), false);
  }
  for (const ok of ['orion', 'a', '0', 'revu-2', 'lex_x', 'x'.repeat(63)]) assert.equal(isValidAgentName(ok), true);
});

test('shared, runtime and agents.yaml paths', () => {
  const s = sharedPaths('/data');
  assert.equal(s.root, '/data/shared');
  assert.deepEqual([s.proposals, s.segments, s.handoffs, s.deadLetters], ['proposals', 'segments', 'handoffs', 'dead_letters'].map((d) => `/data/shared/iac/${d}`));
  assert.equal(runtimeDir('/data'), '/data/.agentos');
  assert.equal(agentsYamlPath('/data/'), '/data/agents.yaml');
});
