// Agent Skills import end to end: real skills (anthropics/skills, Apache-2.0, copied into
// src/portable/fixtures/skills with their licences) into an agent — provenance, one commit,
// skills.md, the retrieval index (a later task retrieves them); bad front matter named by
// file:line with nothing imported; the budget respected with reasons; a running runtime refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ContextIndex, indexPath } from '../src/context/index.ts';
import { parseSkill } from '../src/learn/index.ts';
import { folderSha256, importSkills } from '../src/portable/index.ts';
import { Git } from '../src/store/index.ts';
import { report, startHarness, tempDataDir } from './support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const SKILLS = path.resolve(import.meta.dirname, '..', 'src', 'portable', 'fixtures', 'skills');
const REAL = ['webapp-testing', 'internal-comms', 'brand-guidelines'].map((s) => path.join(SKILLS, s));

function agentos(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const yaml = (budget = 20) => `agents:\n  - name: orion\n    persona: "Frontend engineer."\n    budgets: { skills: ${budget} }\n`;

test('real Agent Skills: provenance, one commit, skills.md and the index; the next task retrieves one', { timeout: 60_000 }, async (t) => {
  const d = tempDataDir(yaml());
  t.after(d.cleanup);
  assert.equal(agentos(['init', d.dir]).code, 0);
  const git = new Git(path.join(d.dir, 'agents', 'orion'));
  const r = agentos(['skills', 'import', 'orion', ...REAL, '--data', d.dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /imported: webapp-testing\nimported: internal-comms\nimported: brand-guidelines\ncommitted [0-9a-f]{12}/);
  assert.deepEqual(await git.subjects(), ['orion(skills): imported 3 skill(s)', 'init: agent filesystem']);
  assert.equal(await git.statusPorcelain(), '', 'everything it wrote is in the commit');

  const root = path.join(d.dir, 'agents', 'orion');
  const skill = parseSkill(readFileSync(path.join(root, 'skills', 'webapp-testing', 'SKILL.md'), 'utf8'), 'skills/webapp-testing/SKILL.md');
  const source = parseSkill(readFileSync(path.join(SKILLS, 'webapp-testing', 'SKILL.md'), 'utf8'), 'webapp-testing/SKILL.md');
  assert.equal(skill.description, source.description);
  assert.equal(skill.body, source.body, 'the instructions are kept as written');
  assert.equal(skill.extra?.license, 'Complete terms in LICENSE.txt');
  assert.equal(skill.reward_evidence, 0, 'a prior, not evidence');
  assert.equal(skill.last_success, null);
  const files = ['SKILL.md', 'LICENSE.txt'].map((rel) => ({ rel, content: readFileSync(path.join(SKILLS, 'webapp-testing', rel)) }));
  assert.deepEqual(
    { ...skill.metadata_extra, imported: undefined },
    { origin: 'imported', imported_from: path.join(SKILLS, 'webapp-testing'), imported_sha256: folderSha256(files), imported: undefined },
  );
  assert.equal(readFileSync(path.join(root, 'skills', 'webapp-testing', 'LICENSE.txt'), 'utf8'), readFileSync(path.join(SKILLS, 'webapp-testing', 'LICENSE.txt'), 'utf8'));
  assert.match(readFileSync(path.join(root, 'skills.md'), 'utf8'), /### webapp-testing[\s\S]*- imported from .*webapp-testing on \S+ \(sha256 [0-9a-f]{12}…\)/);
  assert.match(readFileSync(path.join(root, 'system_prompt.md'), 'utf8'), /\*\*internal-comms\*\* \(skills\/internal-comms\/SKILL\.md, imported: not yet proven here\)/);
  const index = ContextIndex.open(indexPath(d.dir));
  try {
    assert.ok(index.count('orion') >= 3, 'the skills are in the retrieval index');
  } finally {
    index.close();
  }

  const again = agentos(['skills', 'import', 'orion', REAL[0], '--data', d.dir]);
  assert.match(again.stdout, /skipped: webapp-testing: already imported with the same content \(sha256 [0-9a-f]{12}…\)\nnothing to commit/);
  assert.equal((await git.subjects()).length, 2);

  const h = await startHarness({ dir: d.dir, script: () => report({ skill: null }) });
  t.after(() => h.close());
  await h.runtime.enqueue('orion', { id: 'ui', task: 'Test the local web application with Playwright and capture browser screenshots', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await h.runtime.drain();
  assert.match(JSON.stringify(h.server.requests[0].body), /Web Application Testing/, 'the imported skill was retrieved into the context');
});

test('bad front matter names file and line; nothing is imported, not even the good folders', { timeout: 30_000 }, async (t) => {
  const d = tempDataDir(yaml());
  t.after(d.cleanup);
  assert.equal(agentos(['init', d.dir]).code, 0);
  const broken = path.join(SKILLS, 'broken');
  const r = agentos(['skills', 'import', 'orion', REAL[0], broken, '--data', d.dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /3 skill folder\(s\) cannot be imported, so none was/);
  assert.match(r.stderr, new RegExp(`${broken}/bad-yaml/SKILL\\.md:4: invalid YAML: Missing closing "quote`));
  assert.match(r.stderr, new RegExp(`${broken}/long-description/SKILL\\.md:3: description: .*<=1024 characters`));
  assert.match(r.stderr, new RegExp(`${broken}/wrong-name/SKILL\\.md:2: name "right-name" must equal the folder name "wrong-name"`));
  const git = new Git(path.join(d.dir, 'agents', 'orion'));
  assert.deepEqual(await git.subjects(), ['init: agent filesystem']);
  assert.equal(await git.statusPorcelain(), '');
  assert.equal(agentos(['skills', 'import', 'orion', path.join(d.dir, 'nope'), '--data', d.dir]).code, 1);
  assert.equal(agentos(['skills', 'import', 'nobody', REAL[0], '--data', d.dir]).code, 7); // not found
  assert.equal(agentos(['skills', 'export', 'orion', '--data', d.dir]).code, 2);
});

test('the skills budget: earned skills stay, imports compete by standing, and each skip or prune says why', { timeout: 30_000 }, async (t) => {
  const d = tempDataDir(yaml(2));
  t.after(d.cleanup);
  assert.equal(agentos(['init', d.dir]).code, 0);
  const root = path.join(d.dir, 'agents', 'orion');
  const git = new Git(root);
  // An earned skill (evidence 2) and an earned one named like an import.
  await fsp.mkdir(path.join(root, 'skills', 'retry'), { recursive: true });
  writeFileSync(path.join(root, 'skills', 'retry', 'SKILL.md'), '---\nname: retry\ndescription: Retry with backoff.\nmetadata:\n  reward_evidence: "2"\n  last_success: 2026-04-01T00:00:00.000Z\n---\n\nRetry.\n');
  await git.add(['skills/retry']);
  await git.commit('a person adds an earned skill');

  const day1 = new Date('2026-04-02T00:00:00Z');
  const r1 = await importSkills({ dataDir: d.dir, agent: 'orion', dirs: REAL, now: day1 });
  assert.deepEqual(r1.imported, ['brand-guidelines'], 'one slot left: ties at evidence 0 go by name');
  assert.deepEqual(r1.skipped.map((s) => s.name), ['internal-comms', 'webapp-testing']);
  assert.match(r1.skipped[0].reason, /the skills budget \(2\) is full of skills with higher standing \(an imported skill starts at evidence 0/);
  assert.deepEqual(r1.pruned, []);

  // A later import of a new skill displaces the older import of evidence 0, never the earned one.
  const named = path.join(d.dir, 'more', 'internal-comms');
  cpSync(REAL[1], named, { recursive: true });
  const r3 = await importSkills({ dataDir: d.dir, agent: 'orion', dirs: [path.dirname(named)], now: new Date('2026-04-03T00:00:00Z') });
  assert.deepEqual(r3.imported, ['internal-comms']);
  assert.deepEqual(r3.pruned.map((p) => p.name), ['brand-guidelines']);
  assert.match(r3.pruned[0].reason, /weakest standing \(effective evidence 0\.00\) when the budget of 2 was full/);
  const body = await git.raw(['log', '-1', '--format=%B']);
  assert.match(body, /skills pruned: brand-guidelines\n- brand-guidelines: weakest standing/);
  assert.deepEqual((await fsp.readdir(path.join(root, 'skills'))).sort(), ['.gitkeep', 'internal-comms', 'retry']);
  assert.equal(await git.statusPorcelain(), '');

  // A skill of the same name that was earned here is never replaced by an import.
  await fsp.mkdir(path.join(d.dir, 'same', 'retry'), { recursive: true });
  writeFileSync(path.join(d.dir, 'same', 'retry', 'SKILL.md'), '---\nname: retry\ndescription: Someone else\'s retry.\n---\n\nOther.\n');
  const r4 = await importSkills({ dataDir: d.dir, agent: 'orion', dirs: [path.join(d.dir, 'same')] });
  assert.match(r4.skipped[0].reason, /a skill named "retry" already exists here \(earned, evidence 2\)/);
  assert.equal(r4.commit, undefined);

  // Changed content re-imports, keeping when it was first imported.
  const before = parseSkill(readFileSync(path.join(root, 'skills', 'internal-comms', 'SKILL.md'), 'utf8'), 'skills/internal-comms/SKILL.md');
  writeFileSync(path.join(named, 'NOTES.md'), 'A new reference file.\n');
  const r5 = await importSkills({ dataDir: d.dir, agent: 'orion', dirs: [named], now: new Date('2026-04-04T00:00:00Z') });
  assert.deepEqual(r5.updated, ['internal-comms']);
  const after = parseSkill(readFileSync(path.join(root, 'skills', 'internal-comms', 'SKILL.md'), 'utf8'), 'skills/internal-comms/SKILL.md');
  assert.equal(after.created, before.created);
  assert.notEqual(after.metadata_extra?.imported_sha256, before.metadata_extra?.imported_sha256);
  assert.equal(readFileSync(path.join(root, 'skills', 'internal-comms', 'NOTES.md'), 'utf8'), 'A new reference file.\n');
  assert.match(await git.raw(['log', '-1', '--format=%B']), /skill re-imported: internal-comms/);

  // A running runtime holds the data directory.
  writeFileSync(path.join(d.dir, '.agentos', 'daemon.lock'), JSON.stringify({ pid: process.ppid, started: new Date().toISOString() }));
  const busy = agentos(['skills', 'import', 'orion', REAL[0], '--data', d.dir]);
  assert.equal(busy.code, 4);
  assert.match(busy.stderr, /another agentos runtime .* stop it first/);
});
