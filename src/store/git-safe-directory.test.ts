// A data directory made by another uid (a host folder mounted into the container): git calls
// "dubious ownership" and refuses, unless safe.directory names the repository. Git sets it for
// its own repository only, on the command line; nothing global changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Git } from './index.ts';

const root = process.getuid?.() === 0;

test('a repository owned by another uid works through Git, and only through it', { skip: root ? false : 'needs root to chown' }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-safedir-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = path.join(dir, 'agents', 'orion');
  const git = new Git(repo);
  await git.init();
  await git.commit('init: agent filesystem', { allowEmpty: true });
  spawnSync('chown', ['-R', '12345:12345', dir]);
  chownSync(dir, 12345, 12345);
  const plain = spawnSync('git', ['-C', repo, 'log', '--format=%s'], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  assert.match(plain.stderr, /dubious ownership/, 'plain git refuses: nothing was trusted globally');
  const again = new Git(repo);
  assert.deepEqual(await again.subjects(), ['init: agent filesystem']);
  await again.commit('orion(task): t1', { allowEmpty: true });
  assert.equal((await again.subjects())[0], 'orion(task): t1');
});
