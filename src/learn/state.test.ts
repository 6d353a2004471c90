import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { loadAgentState } from './state.ts';
import { FIXTURES, NOW, tempCopy } from './test-support.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function agentCopy(): string {
  const t = tempCopy('agent');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('loadAgentState', () => {
  it('reads every learned file of a well-formed agent', async () => {
    const s = await loadAgentState(agentCopy(), { now: NOW });
    assert.deepEqual(s.problems, []);
    assert.match(s.persona, /^# orion/);
    assert.match(s.constraints, /^# Constraints/);
    assert.deepEqual(s.skills.map((k) => k.name), ['retry-with-backoff', 'smoke-test-webapp', 'sql-parameterization']);
    assert.equal(s.goals.length, 3);
    assert.deepEqual(s.rewards.map((r) => r.task), ['first-task', 'paginated-api', 'sql-parameterization']);
    assert.equal(s.reflections.length, 2);
  });

  it('treats missing files as empty, not as problems', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'agentos-learn-empty-'));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const s = await loadAgentState(empty, { now: NOW });
    assert.deepEqual(s, { persona: '', constraints: '', skills: [], goals: [], rewards: [], reflections: [], world: [], problems: [] });
  });

  it('quarantines a malformed rewards.md with file and line, losing nothing else', async () => {
    const dir = agentCopy();
    const brokenText = readFileSync(join(FIXTURES, 'broken', 'rewards-schema.md'), 'utf8');
    writeFileSync(join(dir, 'rewards.md'), brokenText);
    const s = await loadAgentState(dir, { now: NOW });

    assert.equal(s.problems.length, 1);
    const [p] = s.problems;
    assert.equal(p.file, 'rewards.md');
    assert.equal(p.line, 14);
    assert.match(p.message, /reward: expected \+1, 0 or -1/);
    assert.equal(p.quarantinedAs, 'rewards.md.quarantine-2026-05-01T12-00-00-000Z');
    // The broken file moved aside byte for byte; the record type continues empty.
    assert.equal(existsSync(join(dir, 'rewards.md')), false);
    assert.equal(readFileSync(join(dir, p.quarantinedAs!), 'utf8'), brokenText);
    assert.deepEqual(s.rewards, []);
    // Everything else still loaded.
    assert.equal(s.skills.length, 3);
    assert.equal(s.goals.length, 3);
    assert.equal(s.reflections.length, 2);
  });

  it('never overwrites an earlier quarantine of the same second', async () => {
    const dir = agentCopy();
    copyFileSync(join(FIXTURES, 'broken', 'rewards-syntax.md'), join(dir, 'rewards.md'));
    await loadAgentState(dir, { now: NOW });
    copyFileSync(join(FIXTURES, 'broken', 'rewards-syntax.md'), join(dir, 'rewards.md'));
    const s = await loadAgentState(dir, { now: NOW });
    assert.equal(s.problems[0].line, 14);
    assert.equal(s.problems[0].quarantinedAs, 'rewards.md.quarantine-2026-05-01T12-00-00-000Z-2');
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('rewards.md.quarantine-')).length, 2);
  });

  it('quarantines only the broken skill and keeps the others', async () => {
    const dir = agentCopy();
    const bad = join(dir, 'skills', 'wrong-folder');
    mkdirSync(bad);
    copyFileSync(join(FIXTURES, 'broken', 'skills', 'wrong-folder', 'SKILL.md'), join(bad, 'SKILL.md'));
    const s = await loadAgentState(dir, { now: NOW });
    assert.deepEqual(
      s.problems.map((p) => [p.file, p.line]),
      [['skills/wrong-folder/SKILL.md', 2]],
    );
    assert.equal(s.skills.length, 3);
    assert.ok(existsSync(join(bad, 'SKILL.md.quarantine-2026-05-01T12-00-00-000Z')));
    // A second load finds nothing left to complain about.
    assert.deepEqual((await loadAgentState(dir, { now: NOW })).problems, []);
  });

  it('quarantines a goals.md with a bad status at its line', async () => {
    const dir = agentCopy();
    copyFileSync(join(FIXTURES, 'broken', 'goals-bad-status.md'), join(dir, 'goals.md'));
    const s = await loadAgentState(dir, { now: NOW });
    assert.deepEqual(s.problems.map((p) => [p.file, p.line]), [['goals.md', 11]]);
    assert.deepEqual(s.goals, []);
    assert.equal(s.rewards.length, 3);
  });
});
