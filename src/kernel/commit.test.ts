import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkChangePath, UnsafeChangeError } from './commit.ts';

test('a change set may only touch plain files inside the repository', () => {
  assert.equal(checkChangePath('skills/a/SKILL.md'), 'skills/a/SKILL.md');
  assert.equal(checkChangePath('world/../rewards.md'), 'rewards.md');
  for (const bad of ['/etc/passwd', '../other/x', 'a/../../x', '.git/config', '.git/hooks/pre-commit', 'queue.md', 'world\\..\\..\\x']) {
    assert.throws(() => checkChangePath(bad), UnsafeChangeError, bad);
  }
});
