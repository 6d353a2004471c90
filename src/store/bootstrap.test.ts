import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrapRepo } from './bootstrap.ts';
import { Git } from './git.ts';
import { BootstrapPathError } from './errors.ts';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-boot-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const FILES = {
  'persona.md': '# Persona\n',
  'queue.md': '# Queue\n',
  'context.md': '',
  'world/index.md': '# World\n',
  'skills/': '',
  'workspace/': '',
};
const OPTS = { message: 'init: agent filesystem', gitignore: 'context.md\nworkspace/\n' };

test('bootstrap creates files, dirs with .gitkeep, .gitignore and one commit; a second call does nothing', async (t) => {
  const dir = path.join(tmp(t), 'agents', 'orion');
  const first = await bootstrapRepo(dir, FILES, OPTS);
  assert.deepEqual(first, { created: [...Object.keys(FILES), '.gitignore'], committed: true });
  assert.equal(fs.readFileSync(path.join(dir, 'world', 'index.md'), 'utf8'), '# World\n');
  assert.ok(fs.existsSync(path.join(dir, 'skills', '.gitkeep')));
  const git = new Git(dir);
  assert.deepEqual(await git.subjects(), ['init: agent filesystem']);
  const tracked = (await git.raw(['ls-files'])).trim().split('\n').sort();
  assert.deepEqual(tracked, ['.gitignore', 'persona.md', 'queue.md', 'skills/.gitkeep', 'world/index.md'], 'ignored paths are not committed');
  assert.equal(await git.statusPorcelain(), '');

  const second = await bootstrapRepo(dir, FILES, OPTS);
  assert.deepEqual(second, { created: [], committed: false });
  assert.deepEqual(await git.subjects(), ['init: agent filesystem']);
});

test('bootstrap never overwrites what exists, and commits only what it created', async (t) => {
  const dir = tmp(t);
  await bootstrapRepo(dir, FILES, OPTS);
  fs.writeFileSync(path.join(dir, 'persona.md'), 'edited by a person\n');
  fs.rmSync(path.join(dir, 'queue.md'));
  fs.writeFileSync(path.join(dir, '.git', 'index.lock'), ''); // a crashed git left this
  const r = await bootstrapRepo(dir, { ...FILES, 'goals.md': '# Goals\n' }, { ...OPTS, message: 'init: add missing' });
  assert.deepEqual(r, { created: ['queue.md', 'goals.md'], committed: true });
  assert.equal(fs.readFileSync(path.join(dir, 'persona.md'), 'utf8'), 'edited by a person\n');
  const git = new Git(dir);
  assert.equal(await git.headSubject(), 'init: add missing');
  assert.equal((await git.raw(['show', '--name-only', '--format=', 'HEAD'])).trim(), 'goals.md', 'queue.md came back unchanged');
  assert.equal(await git.statusPorcelain(), ' M persona.md\n', "the person's edit is left for them");
});

test('a repository left without a first commit gets one', async (t) => {
  const dir = tmp(t);
  for (const [f, c] of Object.entries({ 'persona.md': 'p', 'queue.md': 'q' })) fs.writeFileSync(path.join(dir, f), c);
  await new Git(dir).init(); // a crash after init, before the commit
  const r = await bootstrapRepo(dir, { 'persona.md': 'x', 'queue.md': 'x' }, OPTS);
  assert.deepEqual(r, { created: ['.gitignore'], committed: true });
  assert.equal((await new Git(dir).raw(['ls-files'])).trim().split('\n').sort().join(' '), '.gitignore persona.md queue.md');
  assert.equal(fs.readFileSync(path.join(dir, 'persona.md'), 'utf8'), 'p');
});

test('a .git left empty by a crash inside git init is repaired', async (t) => {
  const dir = tmp(t);
  fs.mkdirSync(path.join(dir, '.git'));
  const r = await bootstrapRepo(dir, { 'a.md': 'a' }, OPTS);
  assert.deepEqual(r, { created: ['a.md', '.gitignore'], committed: true });
  assert.deepEqual(await new Git(dir).subjects(), ['init: agent filesystem']);
});

test('paths that leave the repository are refused before anything is written', async (t) => {
  const dir = path.join(tmp(t), 'repo');
  for (const bad of ['../x.md', '/etc/x', 'a/../../x', '.git/config', '']) {
    await assert.rejects(bootstrapRepo(dir, { [bad]: 'x' }, OPTS), BootstrapPathError, bad);
  }
  assert.equal(fs.existsSync(dir), false);
});
