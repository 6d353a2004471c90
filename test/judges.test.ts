// Judges through the real pipeline: queue.md `judges:` and agents.yaml defaults, command judges
// in the bubblewrap sandbox (through the act port, like verify:), the audit lowered by a failing
// judge, rewards.md and the commit recording each judge, and a stuck or missing judge runtime
// yielding "judge error".
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { judgePorts } from '../src/compose/index.ts';
import { Runtime } from '../src/kernel/index.ts';
import { startScriptedServer, type ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { ToolRuntime } from '../src/tools/index.ts';
import { modelSettings, report, tempDataDir } from './support/harness.ts';

const YAML = `agents:
  - name: orion
    persona: "Backend engineer."
    autonomy_level: autonomous
    risk_level: low
    judges:
      - { kind: contains, name: says-done, text: done }
`;

/** Writes answer.txt with "hello" through the tool, then answers "done: hello". */
const script = (req: ScriptRequest) =>
  req.messages.some((m) => m.role === 'tool')
    ? report({ response: 'done: wrote hello to answer.txt', skill: null })
    : { toolCalls: [{ name: 'write_file', args: { path: 'answer.txt', content: 'hello\n' } }] };

async function open(opts: { judges?: 'wired' | 'stuck' | 'none' }) {
  const temp = tempDataDir(YAML);
  const server = await startScriptedServer({ format: 'openai', script });
  const tools = new ToolRuntime({ dataDir: temp.dir });
  const model = modelSettings(server);
  const judges = opts.judges === 'none' ? undefined : opts.judges === 'stuck' ? () => ({ judge: () => new Promise<never>(() => {}) }) : judgePorts(model, tools.store);
  const runtime = await Runtime.open({
    dataDir: temp.dir, model, log: silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, judgeTimeoutMs: opts.judges === 'stuck' ? 500 : 60_000,
    act: (a) => tools.forAgent(a), ...(judges && { judges }),
  });
  const agent = (...p: string[]) => path.join(temp.dir, 'agents', 'orion', ...p);
  return {
    runtime, agent,
    rewards: () => parse(readFileSync(agent('rewards.md'), 'utf8')) as Record<string, any>[],
    lastCommit: () => new Git(agent()).raw(['log', '-1', '--format=%B']),
    close: async () => { await runtime.stop(); await tools.close(); await server.close(); temp.cleanup(); },
  };
}

test('judges from queue.md and agents.yaml run sandboxed; a failing judge lowers the audit; rewards.md and the commit record each', { timeout: 60_000 }, async () => {
  const h = await open({ judges: 'wired' });
  try {
    appendFileSync(h.agent('queue.md'), [
      '', '## judged', 'task: Write hello to answer.txt', 'priority: normal', 'created: 2026-01-01T00:00:00Z', 'judges:',
      '  - { kind: command, name: has-hello, run: "grep -q hello answer.txt" }',
      '  - { kind: command, name: sandboxed, run: "test \\"$PWD\\" = /workspace && test ! -e /workspace/../agents.yaml && echo 2 passed" }',
      '  - { kind: command, name: missing-file, run: "test -f missing.txt" }',
      '  - { kind: command, name: slow, run: "sleep 30", timeout_s: 1 }',
      '',
    ].join('\n'));
    await h.runtime.drain();
    const [e] = h.rewards();
    assert.ok(e, 'the task was committed');
    const by = Object.fromEntries((e.judges as any[]).map((j) => [j.name, j]));
    assert.deepEqual(Object.keys(by), ['says-done', 'has-hello', 'sandboxed', 'missing-file', 'slow']);
    assert.equal(by['says-done'].status, 'pass');
    assert.equal(by['has-hello'].status, 'pass', by['has-hello'].evidence);
    assert.equal(by.sandboxed.status, 'pass', by.sandboxed.evidence);
    assert.equal(by['missing-file'].status, 'fail');
    assert.equal(by.slow.status, 'error');
    assert.match(by.slow.evidence, /timed out after 1 s/);
    assert.equal(e.reward, 1);
    assert.equal(e.audit_score, -1, 'a failing judge lowers the audit like a failed verify');
    assert.match(e.audit_reason, /judges 3\/5 passed: judge missing-file failed: .*judge error: slow: timed out/);
    const msg = await h.lastCommit();
    assert.match(msg, /^judge: missing-file fail 0 \(command\) exit 1/m);
    assert.match(msg, /^judge: slow error \(command\) timed out/m);
    assert.doesNotMatch(readFileSync(h.agent('skills.md'), 'utf8'), /###/, 'no skill from a judged failure');
  } finally {
    await h.close();
  }
});

test('a judge runtime that never answers, or none wired, yields "judge error", never a pass', { timeout: 30_000 }, async () => {
  for (const mode of ['stuck', 'none'] as const) {
    const h = await open({ judges: mode });
    try {
      appendFileSync(h.agent('queue.md'), '\n## t1\ntask: Say done\npriority: normal\ncreated: 2026-01-01T00:00:00Z\njudges: [{ kind: regex, pattern: done }]\n');
      await h.runtime.drain();
      const [e] = h.rewards();
      assert.deepEqual(e.judges.map((j: any) => j.status), ['error', 'error'], mode);
      assert.match(e.judges[0].evidence, mode === 'stuck' ? /did not answer within 1 s/ : /no judge runtime is wired/);
      assert.equal(e.audit_score, 0);
    } finally {
      await h.close();
    }
  }
});

test('a queue.md block with a bad judge is rejected with its line', { timeout: 30_000 }, async () => {
  const h = await open({ judges: 'wired' });
  try {
    // A valid block after it: a malformed last block is held for 2 s as a write in progress.
    appendFileSync(h.agent('queue.md'), '\n## bad\ntask: x\npriority: normal\ncreated: 2026-01-01T00:00:00Z\njudges:\n  - { kind: command }\n\n## good\ntask: Say done\n');
    await h.runtime.drain();
    const rejected = readFileSync(h.agent('queue.rejected.md'), 'utf8');
    assert.match(rejected, /line \d+: judges\[0\]\.run: .*\(task "bad"\)/);
  } finally {
    await h.close();
  }
});
