// A revert's three-way merge: lines later tasks added next to the reverted task's own are kept;
// lines both changed are a conflict. Checked against real `git merge-file` output.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Git } from '../store/index.ts';
import { mergeText } from './rollback-git.ts';
import { beliefTopic, inScope } from './rollback-plan.ts';

test('appends after the reverted lines survive; the reverted lines go; the same lines changed twice conflict', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-merge-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = new Git(dir);
  await git.init();
  const entry = (id: string) => `- task: ${id}\n  reward: +1\n`;
  // rewards.md: t2 appended its entry, t3 and t4 appended after it; revert t2.
  const base = `# rewards\n\n${entry('t1')}${entry('t2')}`;
  const before = `# rewards\n\n${entry('t1')}`;
  const now = `# rewards\n\n${entry('t1')}${entry('t2')}${entry('t3')}${entry('t4')}`;
  assert.equal(await mergeText(git, now, base, before), `# rewards\n\n${entry('t1')}${entry('t3')}${entry('t4')}`);
  // Prepended lines too.
  assert.equal(await mergeText(git, `new\nb\nc\n`, 'b\nc\n', 'c\n'), 'new\nc\n');
  // A skill's evidence line changed by the task and by a later one.
  assert.equal(await mergeText(git, 'evidence: 3\n', 'evidence: 2\n', 'evidence: 1\n'), undefined);
  // Far apart: git merges it on its own.
  assert.equal(await mergeText(git, 'a1\nx\nx\nx\nb\n', 'a\nx\nx\nx\nb\n', 'a\nx\nx\nx\nb0\n'), 'a1\nx\nx\nx\nb0\n');
});

test('scope: intake, spend and messages are never rolled back; world records name their shared topic', () => {
  for (const p of ['queue.md', 'queue.rejected.md', 'ledger/2026-01-01/000.jsonl', 'iac/dead_letters/x.md']) assert.equal(inScope(p), false, p);
  for (const p of ['rewards.md', 'skills/a/SKILL.md', 'workspace/queue.md', 'world/index.md', '.gitignore']) assert.equal(inScope(p), true, p);
  assert.equal(beliefTopic('world/entities/vendor-rate-limit.md'), 'vendor-rate-limit');
  assert.equal(beliefTopic('world/index.md'), undefined);
});
