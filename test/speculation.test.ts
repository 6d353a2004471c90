// Speculative execution with the real tool runtime (write_file confined to the fork, verify in
// the bubblewrap sandbox of the fork): a model that fails on odd attempts. The workspace only
// ever holds verified output — checked in the tree of every commit — and a failed attempt never
// touches it. Forks, merges and drops are in the commits and in the Prometheus counters.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { RuntimeEvent } from '../src/kernel/index.ts';
import type { ScriptRequest } from '../src/models/index.ts';
import { openSystem } from '../src/compose/index.ts';
import { startScriptedServer } from '../src/models/index.ts';
import { createMetrics, silentLogger } from '../src/telemetry/index.ts';
import { dataDirWith, startDaemon } from './support/act-harness.ts';
import { modelSettings, report, startHarness, taskIdOf } from './support/harness.ts';

const YAML = (extra = '') => `agents:
  - name: orion
    persona: "Backend engineer."
    speculation: { max: 3 }
${extra}`;

/** Attempt k (counted across tasks) writes out.txt: GOOD on even attempts, BAD on odd ones; and attempt-k.txt. */
function oddFails() {
  let attempt = 0;
  const seen: { task: string; attempt: number; good: boolean }[] = [];
  const script = (req: ScriptRequest) => {
    const tools = req.messages.filter((m) => m.role === 'tool').length;
    if (tools === 0) {
      attempt++;
      const good = attempt % 2 === 0;
      seen.push({ task: taskIdOf(req), attempt, good });
      return { toolCalls: [
        { name: 'write_file', args: { path: 'out.txt', content: `${good ? 'GOOD' : 'BAD'} attempt ${attempt} of ${taskIdOf(req)}\n` } },
        { name: 'write_file', args: { path: `attempts/attempt-${attempt}.txt`, content: `${good}\n` } },
      ] };
    }
    return report({ skill: null, response: `wrote out.txt (attempt ${attempt})` });
  };
  return { script, seen };
}

const VERIFY = 'grep -q GOOD out.txt';

test('speculate: N with a model that fails on odd attempts: only verified output ever reaches the workspace', { timeout: 180_000 }, async (t) => {
  const d = dataDirWith(YAML());
  t.after(d.cleanup);
  const m = oddFails();
  const daemon = await startDaemon(d.dir, m.script);
  t.after(() => daemon.stop());
  const metrics = await createMetrics({ processMetrics: false });
  t.after(metrics.follow(daemon.runtime.events));
  const events: RuntimeEvent[] = [];
  daemon.runtime.events.on('event', (e) => events.push(e));
  const tasks: [string, Record<string, unknown>][] = [
    ['s1', { extra: { speculate: 3 } }], // attempts 1 bad, 2 good, 3 bad → .2 merged
    ['s2', { extra: { speculate: 2 } }], // 4 good, 5 bad → .1 merged
    ['s3', {}], // verify alone forks: 6 good → merged
    ['s4', {}], // 7 bad → dropped, the workspace keeps s3's output
    ['s5', { extra: { speculate: 3 } }], // 8 good, 9 bad, 10 good → the first passing of equals: .1
  ];
  for (const [i, [id, over]] of tasks.entries()) {
    await daemon.runtime.enqueue('orion', { id, task: `Write the output of ${id}.`, priority: 'normal', created: `2026-01-01T00:00:0${i}Z`, verify: VERIFY, ...over });
  }
  await daemon.runtime.drain();

  const repo = path.join(d.dir, 'agents/orion');
  const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { encoding: 'utf8' });
  const commits = git('log', '--reverse', '--format=%H %s').trim().split('\n').map((l) => l.split(' '));
  assert.deepEqual(commits.filter(([, s]) => s === 'orion(task):').map(([, , id]) => id), ['s1', 's2', 's3', 's4', 's5'], 'each task committed once');
  const bad = new Set(m.seen.filter((s) => !s.good).map((s) => `workspace/attempts/attempt-${s.attempt}.txt`));
  let checked = 0;
  for (const [sha] of commits) {
    const files = git('ls-tree', '-r', '--name-only', sha, 'workspace').trim().split('\n');
    for (const f of files) assert.ok(!bad.has(f), `${f} (a failed attempt's file) is in commit ${sha.slice(0, 8)}`);
    if (files.includes('workspace/out.txt')) assert.match(git('show', `${sha}:workspace/out.txt`), /^GOOD /, `out.txt in ${sha.slice(0, 8)} holds verified output`);
    checked++;
  }
  assert.ok(checked >= 6);
  assert.match(readFileSync(path.join(repo, 'workspace/out.txt'), 'utf8'), /^GOOD attempt 8 of s5/);
  assert.equal(execFileSync('git', ['-C', repo, 'status', '--porcelain'], { encoding: 'utf8' }).trim(), '', 'nothing left uncommitted');
  assert.deepEqual(readdirSync(path.join(d.dir, '.agentos/forks/orion')), [], 'every fork is gone');

  const body = (id: string) => git('log', '-1', '--format=%B', `--grep=^orion(task): ${id}$`);
  assert.match(body('s1'), /^fork: s1\.1 dropped \(verify exited 1\)$/m);
  assert.match(body('s1'), /^fork: s1\.2 merged \(passed\)$/m);
  assert.match(body('s1'), /^fork: s1\.3 dropped \(verify exited 1\)$/m);
  assert.match(body('s1'), /^speculation: 3 attempt\(s\) in forks; s1\.2 merged into the workspace \(2 file\(s\) written, 0 removed\)$/m);
  assert.match(body('s1'), /^verify: passed$/m);
  assert.match(body('s4'), /^speculation: 1 attempt\(s\) in forks, none merged; all dropped, the workspace is unchanged$/m);
  assert.match(body('s4'), /^verify: failed$/m);
  assert.match(body('s5'), /^fork: s5\.2 dropped \(verify exited 1\)$/m);
  assert.match(body('s5'), /^fork: s5\.3 dropped \(passed; another scored higher\)$/m);

  const attempts = events.filter((e) => e.type === 'speculation.attempt');
  assert.equal(attempts.length, 10);
  const settled = events.filter((e) => e.type === 'speculation.settled').map((e) => (e as { merged: string | null }).merged);
  assert.deepEqual(settled, ['s1.2', 's2.1', 's3.1', null, 's5.1']);
  const text = await metrics.render();
  assert.match(text, /^agentos_speculative_tasks_total\{agent="orion",result="merged"\} 4$/m);
  assert.match(text, /^agentos_speculative_tasks_total\{agent="orion",result="dropped"\} 1$/m);
  assert.match(text, /^agentos_speculative_attempts_total\{agent="orion",result="failed"\} 5$/m);
  t.diagnostic(`speculation: ${m.seen.length} attempts over 5 tasks (${m.seen.filter((s) => !s.good).length} failed), ${settled.filter(Boolean).length} merged, ${checked} commits checked: none holds unverified output`);

  // Bounded: over the agent's speculation.max is refused at intake, a bad value in queue.md is dead-lettered with why.
  await assert.rejects(daemon.runtime.enqueue('orion', { id: 's6', task: 'x', priority: 'normal', extra: { speculate: 9 } }), /speculate: 9 is over agent orion's speculation\.max \(3\)/);
});

test('an attempt that waits for a person pauses with its fork kept; approved, it resumes in that fork and is merged only if verified', { timeout: 180_000 }, async (t) => {
  const d = dataDirWith(YAML('    human_review_points: [write_file]\n'));
  t.after(d.cleanup);
  const m = oddFails();
  let daemon = await startDaemon(d.dir, m.script);
  t.after(() => daemon.stop());
  await daemon.runtime.enqueue('orion', { id: 'p1', task: 'Write the output.', priority: 'normal', verify: VERIFY, extra: { speculate: 2 } });
  await daemon.runtime.drain();
  const kept = path.join(d.dir, '.agentos/forks/orion/p1.paused');
  assert.ok(existsSync(kept), 'the paused attempt keeps its fork');
  assert.ok(!existsSync(path.join(d.dir, 'agents/orion/workspace/out.txt')), 'nothing reached the workspace');
  // A restart keeps it too (the task still waits for a person).
  await daemon.stop();
  daemon = await startDaemon(d.dir, m.script);
  assert.ok(existsSync(kept));
  const pending = (await daemon.tools.store.list('orion')).filter((r) => r.status === 'pending');
  assert.ok(pending.length >= 1);
  for (const r of pending) await daemon.tools.store.decide(r.id, { decision: 'approved', by: 'test' });
  await daemon.runtime.drain();
  const repo = path.join(d.dir, 'agents/orion');
  const bodyP1 = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%B'], { encoding: 'utf8' });
  assert.match(bodyP1, /^orion\(task\): p1$/m);
  assert.match(bodyP1, /speculation: resumed in the fork it paused in/);
  assert.ok(!existsSync(kept), 'the kept fork is gone once the task ran in it');
  // Attempt 1 was the odd one (BAD): its check failed, so it was dropped and the workspace never saw it.
  assert.match(bodyP1, /^verify: failed$/m);
  assert.ok(!existsSync(path.join(repo, 'workspace/out.txt')));
});

test('the routing cascade runs in a fork of the failed attempt: the weak answer never reaches the workspace', { timeout: 120_000 }, async (t) => {
  const writes = (answer: string) => (req: ScriptRequest) => (req.messages.some((x) => x.role === 'tool')
    ? report({ skill: null, response: `wrote ${answer}` })
    : { toolCalls: [{ name: 'write_file', args: { path: 'answer.txt', content: `${answer}\n` } }] });
  const weak = await startScriptedServer({ format: 'openai', script: writes('41') });
  const strong = await startScriptedServer({ format: 'openai', script: writes('42') });
  t.after(async () => {
    await weak.close();
    await strong.close();
  });
  const d = dataDirWith(`models:
  tiers:
    cheap-fast: { model: weak-model, base_url: ${weak.url} }
    balanced: { model: strong-model, base_url: ${strong.url} }
    strongest: { model: strong-model, base_url: ${strong.url} }
agents:
  - name: orion
    persona: "Backend engineer."
`);
  t.after(d.cleanup);
  const system = await openSystem({ dataDir: d.dir, model: modelSettings(weak, { maxAttempts: 1 }), log: silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, judges: false });
  t.after(() => system.close());
  await system.runtime.enqueue('orion', { id: 'c1', task: 'Write the answer to answer.txt', priority: 'normal', verify: 'grep -qx 42 answer.txt', extra: { reasoning_demand: 'routine' } });
  await system.runtime.drain();
  const repo = path.join(d.dir, 'agents/orion');
  const body = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%B'], { encoding: 'utf8' });
  assert.match(body, /^fork: c1\.1 dropped \(verify exited 1\)$/m);
  assert.match(body, /^fork: c1\.2 merged \(cascade on balanced, from c1\.1; passed\)$/m);
  assert.match(body, /^cascade: verify failed on cheap-fast, escalated to balanced$/m);
  assert.equal(readFileSync(path.join(repo, 'workspace/answer.txt'), 'utf8'), '42\n');
  const everything = execFileSync('git', ['-C', repo, 'log', '-p', '--all', '--', 'workspace'], { encoding: 'utf8' });
  assert.ok(!/^\+41$/m.test(everything), 'the failed answer is in no commit');
  assert.match(JSON.stringify(strong.requests[0].body.messages), /A previous attempt failed verification/);
});

test('without the tool runtime (tools cannot be confined to a fork) a speculative task runs once in place, and says so', { timeout: 60_000 }, async (t) => {
  const h = await startHarness({ script: () => report({ skill: null }) });
  t.after(() => h.close());
  await h.runtime.enqueue('orion', { id: 'n1', task: 'Answer.', priority: 'normal', extra: { speculate: 2 } });
  await h.runtime.drain();
  const body = execFileSync('git', ['-C', path.join(h.dir, 'agents/orion'), 'log', '-1', '--format=%B'], { encoding: 'utf8' });
  assert.match(body, /^speculation: 2 attempts asked, but this runtime's tools cannot be confined to a fork \(no tool runtime\); ran once in place$/m);
  assert.equal(h.server.requests.length, 1);
  // A bad value written straight into queue.md dead-letters the task with why.
  appendFileSync(path.join(h.dir, 'agents/orion/queue.md'), '\n## n2\ntask: Answer again.\npriority: normal\nspeculate: lots\n');
  await h.runtime.drain();
  assert.match(readFileSync(path.join(h.dir, 'agents/orion/iac/dead_letters/n2.md'), 'utf8'), /speculate: must be a whole number from 1 to 16 \(got "lots"\)/);
});

test('a workspace over the fork bounds is not forked: the task runs once in place, and its commit says why', { timeout: 60_000 }, async (t) => {
  const d = dataDirWith(YAML().replace('speculation: { max: 3 }', 'speculation: { max: 3, max_fork_files: 2 }'));
  t.after(d.cleanup);
  const m = oddFails();
  const daemon = await startDaemon(d.dir, m.script);
  t.after(() => daemon.stop());
  for (const f of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(path.join(d.dir, 'agents/orion/workspace', f), f);
  await daemon.runtime.enqueue('orion', { id: 'big', task: 'Write.', priority: 'normal', verify: VERIFY, extra: { speculate: 2 } });
  await daemon.runtime.drain();
  const body = execFileSync('git', ['-C', path.join(d.dir, 'agents/orion'), 'log', '-1', '--format=%B'], { encoding: 'utf8' });
  assert.match(body, /^speculation: not forked: .* holds more than 2 entries \(speculation\.max_fork_files\); ran once in place$/m);
  assert.equal(m.seen.length, 1, 'one attempt, in place');
});
