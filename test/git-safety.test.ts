// The runtime's own git calls never execute anything an agent wrote: hooks, a filter
// driver, an fsmonitor command — in a repository the agent made inside its workspace, or
// in the agent repository's own .git — while the runtime commits, stages and reads status.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Git } from '../src/store/index.ts';
import { report } from './support/harness.ts';
import { dataDirWith, startDaemon } from './support/act-harness.ts';

function plant(repoDir: string, marker: string, filters = true): void {
  const hooks = path.join(repoDir, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  for (const h of ['pre-commit', 'post-commit', 'prepare-commit-msg', 'commit-msg', 'post-index-change', 'reference-transaction', 'pre-auto-gc']) {
    writeFileSync(path.join(hooks, h), `#!/bin/sh\necho ${h} >> ${marker}\n`);
    chmodSync(path.join(hooks, h), 0o755);
  }
  execFileSync('git', ['-C', repoDir, 'config', 'core.fsmonitor', `sh -c 'echo fsmonitor >> ${marker}'`]);
  execFileSync('git', ['-C', repoDir, 'config', 'core.hooksPath', hooks]); // undo the repository's own /dev/null
  if (!filters) return;
  execFileSync('git', ['-C', repoDir, 'config', 'filter.evil.clean', `sh -c 'echo filter >> ${marker}; cat'`]);
  execFileSync('git', ['-C', repoDir, 'config', 'filter.evil.smudge', `sh -c 'echo smudge >> ${marker}; cat'`]);
  execFileSync('git', ['-C', repoDir, 'config', 'diff.evil.textconv', `sh -c 'echo textconv >> ${marker}; cat'`]);
  writeFileSync(path.join(repoDir, '.gitattributes'), '* filter=evil diff=evil\n');
}

test('agent-written hooks, filter drivers and fsmonitor never run when the runtime commits', { timeout: 60_000 }, async (t) => {
  const d = dataDirWith('agents:\n  - name: orion\n    persona: p\n');
  t.after(d.cleanup);
  const marker = path.join(d.dir, 'EXECUTED');
  const daemon = await startDaemon(d.dir, () => report());
  t.after(() => daemon.stop());
  const agentRoot = path.join(d.dir, 'agents', 'orion');
  const ws = path.join(agentRoot, 'workspace');
  // What an agent could leave in its workspace: a repository of its own, armed.
  execFileSync('git', ['init', '-q', ws]);
  plant(ws, marker);
  writeFileSync(path.join(ws, 'code.py'), 'print(1)\n');
  // Hooks and fsmonitor in the agent repository itself (no agent can write there; the
  // runtime disables them anyway). Filter drivers defined in that repository's own config
  // are the operator's (git-lfs works that way) and are not disabled: see README.
  plant(agentRoot, marker, false);

  await daemon.runtime.enqueue('orion', { id: 't1', task: 'Do it.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await daemon.runtime.drain();
  const git = new Git(agentRoot);
  assert.equal((await git.subjects())[0], 'orion(task): t1');
  // The runtime's other git calls on paths that hold the armed repository.
  await git.add(['workspace']);
  await git.commit('test: stage the workspace', { allowEmpty: true });
  await git.statusPorcelain();
  await git.raw(['diff', 'HEAD~1', '--stat']);
  assert.equal(existsSync(marker), false, `something ran: ${existsSync(marker) ? execFileSync('cat', [marker], { encoding: 'utf8' }) : ''}`);
});
