// kill -9 between (and inside) act steps, many times: a real child daemon, a scripted model that
// makes several tool calls per task, each shell call appending its own marker to a file in the
// workspace. Between lives a person answers what waits for them, as a person would: a call of
// unknown outcome whose marker is in the file is denied (it ran), one whose marker is not is
// approved (run it). Then: every marker exactly once (no tool call ran twice, none was lost),
// every task committed exactly once, no checkpoint left, git fsck clean.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startScriptedServer, type Reply, type ScriptRequest } from '../src/models/index.ts';
import { sandboxHost, ApprovalStore } from '../src/tools/index.ts';
import { report, taskIdOf, tempDataDir } from './support/harness.ts';

const skip = sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`;
const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const YAML = 'budgets:\n  rewards: 1000\nagents:\n  - name: kilo\n    persona: "Crash test agent"\n    autonomy_level: autonomous\n    risk_level: low\n';
const ROUNDS = Number(process.env.AGENTOS_STEP_CRASH_ROUNDS ?? 30);
const TASKS = 12;
const STEPS = ['a', 'b', 'c'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function daemon(dir: string, url: string, args: string[] = []) {
  return spawn(process.execPath, [BIN, 'run', '--data', dir, '--no-http', ...args], {
    env: { ...process.env, LLM_BASE_URL: url, LLM_MODEL: 'scripted', LLM_API_KEY: 'sk-step-crash-key', LOG_LEVEL: 'error', POLL_INTERVAL: '0.2' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Three steps per task: a shell call, then a shell call beside a read-only call, then a shell call; then the answer. */
function script(req: ScriptRequest): Reply {
  const id = taskIdOf(req);
  const done = req.messages.filter((m) => m.role === 'assistant' && m.toolCalls?.length).length;
  const shell = (step: string) => ({ name: 'shell', args: { command: `echo ${id}:${step} >> calls.log` } });
  const reply: Reply =
    done === 0 ? { toolCalls: [shell('a')] }
    : done === 1 ? { toolCalls: [shell('b'), { name: 'list_files', args: {} }] }
    : done === 2 ? { toolCalls: [shell('c')] }
    : report({ skill: null, response: `logged ${id}` });
  return { delayMs: Math.floor(Math.random() * 12), then: reply };
}

test(`kill -9 between act steps ${ROUNDS} times: no tool call runs twice, every task is committed once`, { skip, timeout: 900_000 }, async (t) => {
  const { dir, cleanup } = tempDataDir(YAML);
  const server = await startScriptedServer({ format: 'openai', script });
  const repo = path.join(dir, 'agents', 'kilo');
  const log = () => (existsSync(path.join(repo, 'workspace', 'calls.log')) ? readFileSync(path.join(repo, 'workspace', 'calls.log'), 'utf8') : '');
  const cpDir = path.join(dir, '.agentos', 'checkpoints', 'kilo');
  const checkpoints = () => (existsSync(cpDir) ? readdirSync(cpDir).filter((n) => n.endsWith('.json')) : []);
  const counts = { kills: 0, midTask: 0, withOpenCall: 0, approved: 0, denied: 0 };
  const store = new ApprovalStore(dir);
  /** The person: a call of unknown outcome is denied when its marker is in the log (it ran), approved when not. */
  const decide = async () => {
    for (const r of await store.list('kilo')) {
      if (r.status !== 'pending') continue;
      assert.equal(r.kind, 'approve', `only calls of unknown outcome wait for a person here, not ${r.kind}`);
      assert.match(r.question ?? '', /outcome unknown/);
      const marker = /echo (\S+) >>/.exec(r.args ?? '')?.[1];
      assert.ok(marker, r.args);
      const ran = log().split('\n').includes(marker);
      await store.decide(r.id, ran ? { decision: 'denied', by: 'test', reason: 'the marker is in calls.log: it ran' } : { decision: 'approved', by: 'test', reason: 'not in calls.log: run it' });
      counts[ran ? 'denied' : 'approved']++;
    }
  };
  try {
    const init = spawn(process.execPath, [BIN, 'init', dir], { stdio: 'ignore' });
    assert.equal(await new Promise((r) => init.on('close', r)), 0, 'agentos init failed');
    const ids = Array.from({ length: TASKS }, (_, i) => `k${i + 1}`);
    appendFileSync(path.join(repo, 'queue.md'), ids.map((id) => `\n## ${id}\ntask: log three steps for ${id}\ncreated: 2026-01-01T00:00:00Z\n`).join(''));

    for (let round = 0; round < ROUNDS; round++) {
      await decide();
      const child = daemon(dir, server.url);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise((r) => child.on('close', r));
      const seen = server.requests.length;
      for (let waited = 0; server.requests.length === seen && waited < 8000; waited += 5) await sleep(5);
      await sleep(Math.floor(Math.random() * 300));
      child.kill('SIGKILL');
      await exited;
      counts.kills++;
      const open = checkpoints();
      if (open.length) counts.midTask++;
      if (open.some((n) => JSON.parse(readFileSync(path.join(cpDir, n), 'utf8')).open?.calls?.some((c: { state: string }) => c.state === 'started'))) counts.withOpenCall++;
      assert.doesNotMatch(stderr, /unexpected error|internal error/, stderr);
    }

    // Then runs to the end, a person answering between them, until nothing is left.
    for (let pass = 0; pass < 6; pass++) {
      await decide();
      const final = daemon(dir, server.url, ['--once']);
      let stderr = '';
      final.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise((r) => final.on('close', r));
      if ((await store.list('kilo')).every((r) => r.status !== 'pending')) {
        assert.equal(code, 0, stderr);
        break;
      }
    }
    t.diagnostic(`kills: ${counts.kills}; with a task mid-way (a checkpoint on disk): ${counts.midTask}; with a tool call started and no result: ${counts.withOpenCall}; unknown outcomes approved (marker absent): ${counts.approved}, denied (marker present): ${counts.denied}`);

    const lines = log().trim().split('\n');
    const expected = ids.flatMap((id) => STEPS.map((s) => `${id}:${s}`));
    assert.equal(new Set(lines).size, lines.length, `a tool call ran twice: ${lines.filter((l, i) => lines.indexOf(l) !== i).join(', ')}`);
    assert.deepEqual([...lines].sort(), [...expected].sort(), 'every call ran exactly once');

    const subjects = execFileSync('git', ['-C', repo, 'log', '--format=%s'], { encoding: 'utf8' }).trim().split('\n');
    const recorded = subjects.map((s) => /^kilo\((task|dead-letter)\): (\S+)$/.exec(s)).filter((m): m is RegExpExecArray => !!m);
    assert.deepEqual(recorded.filter((m) => m[1] === 'dead-letter').map((m) => m[2]), [], 'no task was dead-lettered');
    assert.deepEqual(recorded.map((m) => m[2]).sort(), [...ids].sort(), 'every task committed exactly once');
    const resumed = execFileSync('git', ['-C', repo, 'log', '--format=%B'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith('resumed: ')).length;
    t.diagnostic(`task commits that resumed from a step checkpoint: ${resumed} of ${ids.length}`);
    assert.deepEqual(checkpoints(), [], 'no checkpoint left once every task is committed');
    execFileSync('git', ['-C', repo, 'fsck', '--no-progress'], { stdio: 'pipe' });
    assert.equal(execFileSync('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim(), '');
  } finally {
    await server.close();
    if (process.env.AGENTOS_KEEP_TEST_DIR) t.diagnostic(`kept ${dir}`); else cleanup();
  }
});
