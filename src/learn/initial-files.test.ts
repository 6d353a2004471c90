import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseGoals } from './goals.ts';
import { agentGitignore, AGENT_DIRS, initialAgentFiles } from './initial-files.ts';
import { learn } from './learn.ts';
import { parseReflections } from './reflections.ts';
import { parseRewards } from './rewards.ts';
import { loadAgentState } from './state.ts';
import { config, input, NOW, report } from './test-support.ts';

const cfg = config({ goals: ['Handle SSE robustly', '  handle sse   ROBUSTLY ', 'Build a SQL skill'], hints: ['Retry wrappers pay off.'] });
const files = initialAgentFiles(cfg, NOW);

function withTempDir(fn: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentos-learn-init-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function writeAll(dir: string, all: Record<string, string>): void {
  for (const [path, content] of Object.entries(all)) {
    if (path.endsWith('/')) mkdirSync(join(dir, path), { recursive: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  }
}

describe('initialAgentFiles', () => {
  it('lays out the whole agent tree, directories as keys ending in "/"', () => {
    for (const f of ['persona.md', 'constraints.md', 'skills.md', 'goals.md', 'rewards.md', 'reflections.md', 'queue.md', 'system_prompt.md', 'world/index.md']) {
      assert.ok(files[f]?.length, f);
    }
    for (const d of ['skills/', 'world/entities/', 'world/relations/', 'world/hypotheses/', 'workspace/', 'iac/']) assert.equal(files[d], '', d);
    assert.deepEqual(Object.keys(files).filter((k) => k.endsWith('/')), AGENT_DIRS);
  });

  it('writes seed goals once each, marked as coming from agents.yaml', () => {
    const goals = parseGoals(files['goals.md']);
    assert.deepEqual(goals.map((g) => [g.text, g.status, g.source]), [
      ['Handle SSE robustly', 'active', ['agents.yaml']],
      ['Build a SQL skill', 'active', ['agents.yaml']],
    ]);
    assert.match(files['system_prompt.md'], /- Build a SQL skill/);
  });

  it('starts with empty rewards and reflections and an empty queue', () => {
    assert.deepEqual(parseRewards(files['rewards.md']), []);
    assert.deepEqual(parseReflections(files['reflections.md']), []);
    assert.match(files['rewards.md'], /^# /);
    // The queue parser starts a block only at "## " in column 0: the header is all preamble.
    assert.equal(files['queue.md'].split('\n').filter((l) => l.startsWith('## ')).length, 0);
    assert.match(files['queue.md'], /priority/);
  });

  it('keeps hints as priors and states budgets and the route table', () => {
    assert.match(files['persona.md'], /## Hints \(priors, not skills\)\n[^]*- Retry wrappers pay off\./);
    assert.match(files['constraints.md'], /skills: at most 20/);
    assert.match(files['constraints.md'], /\| reasoning_demand \| route \|/);
    for (const [demand, route] of [['routine', 'cheap-fast'], ['moderate', 'balanced'], ['novel', 'strongest'], ['consensus', 'strongest multi-agent']]) {
      assert.match(files['constraints.md'], new RegExp(`^\\| ${demand} \\| ${route} \\|$`, 'm'));
    }
  });

  it('loads back without problems and learns on top', withTempDir(async (dir) => {
    writeAll(dir, files);
    const state = await loadAgentState(dir, { now: NOW });
    assert.deepEqual(state.problems, []);
    assert.equal(state.goals.length, 2);
    const out = learn(input({ state, config: cfg, report: report() }));
    assert.equal(out.summary.skillEarned, 'retry-with-backoff');
    const prompt = out.changes.find((c) => c.path === 'system_prompt.md');
    assert.ok(prompt?.op === 'write' && prompt.content.includes('**retry-with-backoff**') && prompt.content.includes('- Handle SSE robustly'));
  }));
});

describe('agentGitignore', () => {
  const hasGit = spawnSync('git', ['--version']).status === 0;
  it('ignores context.md but never quarantined files', { skip: !hasGit && 'git not installed' }, withTempDir((dir) => {
    spawnSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, '.gitignore'), agentGitignore());
    const ignored = (p: string): boolean => spawnSync('git', ['-C', dir, 'check-ignore', '-q', '--no-index', p]).status === 0;
    assert.equal(ignored('context.md'), true);
    assert.equal(ignored('rewards.md.quarantine-2026-05-01T12-00-00-000Z'), false);
    assert.equal(ignored('skills/x/SKILL.md.quarantine-2026-05-01T12-00-00-000Z'), false);
    assert.equal(ignored('workspace/report.md'), false);
    assert.equal(ignored('workspace/app/node_modules/x/index.js'), true);
  }));
});
