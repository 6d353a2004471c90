// kill -9 at random moments, many times, while people keep appending tasks: then a
// final `run --once`. No task lost, none recorded twice, git valid, every file parses.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseQueue } from '../src/store/index.ts';
import { report, tempDataDir } from './support/harness.ts';
import { startScriptedServer } from '../src/models/index.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const AGENTS = ['alpha', 'beta'];
const YAML = `budgets:\n  rewards: 10000\n  reflections: 1000\nagents:\n${AGENTS.map((a) => `  - name: ${a}\n    persona: "Crash test agent ${a}"\n`).join('')}`;
const ROUNDS = Number(process.env.AGENTOS_CRASH_ROUNDS ?? 25);

function daemon(dir: string, url: string, args: string[] = [], logLevel = 'error') {
  return spawn(process.execPath, [BIN, 'run', '--data', dir, '--no-http', ...args], {
    env: { ...process.env, LLM_BASE_URL: url, LLM_MODEL: 'scripted', LLM_API_KEY: 'sk-crash-test-key', LOG_LEVEL: logLevel, POLL_INTERVAL: '0.2' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
function appendTasks(dir: string, agent: string, n: number): string[] {
  const ids: string[] = [];
  let text = '';
  for (let i = 0; i < n; i++) {
    const id = `${agent}-t${++seq}`;
    ids.push(id);
    text += `\n## ${id}\ntask: |\n  crash test task ${id}\n  ## an indented heading that is content\npriority: ${['high', 'normal', 'low'][seq % 3]}\ncreated: 2026-01-01T00:00:00Z\n`;
  }
  appendFileSync(path.join(dir, 'agents', agent, 'queue.md'), text); // as `cat >>` would
  return ids;
}

test(`kill -9 the daemon ${ROUNDS} times at random points: nothing lost, nothing twice`, { timeout: 600_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir(YAML);
  // A model that takes 0–8 ms, so kills land in every stage of a task, not only in the model call.
  const server = await startScriptedServer({ format: 'openai', script: () => ({ delayMs: Math.floor(Math.random() * 8), then: report({ skill: { name: 'crash skill', description: 'd', body: 'b' } }) }) });
  const expected = new Map<string, string[]>(AGENTS.map((a) => [a, []]));
  try {
    // Bootstrap once so the queues exist, then feed them.
    const init = spawn(process.execPath, [BIN, 'init', dir], { stdio: 'ignore' });
    assert.equal(await new Promise((r) => init.on('close', r)), 0, 'agentos init failed');
    for (const a of AGENTS) expected.get(a)!.push(...appendTasks(dir, a, 40));

    let interrupted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // A commit under way holds git's index lock (the writer takes it first, releases it last).
      if (AGENTS.some((a) => existsSync(path.join(dir, 'agents', a, '.git', 'index.lock')))) interrupted++;
      const child = daemon(dir, server.url);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise((r) => child.on('close', r));
      // Kill while it works: once the first model request of this life arrives, wait a random
      // 0–250 ms (a few tasks' worth), while people keep appending, then SIGKILL.
      const seen = server.requests.length;
      for (let waited = 0; server.requests.length === seen && waited < 5000; waited += 5) await sleep(5);
      const life = Math.floor(Math.random() * 250);
      const appended = sleep(Math.floor(Math.random() * life)).then(() => { for (const a of AGENTS) expected.get(a)!.push(...appendTasks(dir, a, 3)); });
      await Promise.all([appended, sleep(life)]);
      child.kill('SIGKILL');
      await exited;
      assert.doesNotMatch(stderr, /unexpected error/, stderr);
    }

    // How often a kill landed inside a commit (repaired from the commit on restart).
    t.diagnostic(`kills that interrupted a commit: ${interrupted} of ${ROUNDS}`);
    // The final drain logs its warnings too: a failure then says which task and why.
    const final = daemon(dir, server.url, ['--once'], 'warn');
    let stderr = '';
    final.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => final.on('close', r));
    assert.equal(code, 0, stderr);

    for (const agent of AGENTS) {
      const repo = path.join(dir, 'agents', agent);
      const subjects = execFileSync('git', ['-C', repo, 'log', '--format=%s'], { encoding: 'utf8' }).trim().split('\n');
      const recorded = subjects.map((s) => /^\w+\((?:task|dead-letter)\): (\S+)$/.exec(s)?.[1]).filter((x): x is string => !!x);
      const ids = expected.get(agent)!;
      assert.equal(new Set(recorded).size, recorded.length, `${agent}: a task was recorded twice`);
      assert.deepEqual([...recorded].sort(), [...ids].sort(), `${agent}: tasks lost or invented`);

      // Exit 0; objects a kill left unreachable (a pack written, its ref never moved) are only dangling.
      const fsck = execFileSync('git', ['-C', repo, 'fsck', '--full', '--strict', '--no-progress'], { encoding: 'utf8', stdio: 'pipe' });
      assert.deepEqual(fsck.split('\n').filter((l) => l && !/^dangling (commit|tree|blob) [0-9a-f]{40}$/.test(l)), [], `${agent}: fsck`);
      assert.ok(!existsSync(path.join(repo, '.git', 'index.lock')));
      assert.equal(execFileSync('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim(), '', `${agent}: uncommitted changes`);

      const queue = parseQueue(readFileSync(path.join(repo, 'queue.md'), 'utf8'));
      assert.equal(queue.tasks.length + queue.rejected.length, 0);
      // Every block appended was valid: a rejection means queue.md fell behind its commit (a
      // committed task met again as "already completed") or an append was torn.
      const rejected = path.join(repo, 'queue.rejected.md');
      assert.equal(existsSync(rejected) ? readFileSync(rejected, 'utf8') : '', '', `${agent}: blocks were rejected`);
      const rewards = parse(readFileSync(path.join(repo, 'rewards.md'), 'utf8')) as { task: string }[];
      const completed = subjects.filter((s) => s.includes('(task): ')).length;
      assert.equal(rewards.length, completed, `${agent}: one reward entry per completed task`);
      assert.equal(new Set(rewards.map((r) => r.task)).size, rewards.length);
      for (const f of ['goals.md', 'reflections.md', 'skills/crash-skill/SKILL.md']) assert.ok(existsSync(path.join(repo, f)), f);
    }
  } finally {
    await server.close();
    cleanup();
  }
});
