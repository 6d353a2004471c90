// Step checkpoints, end to end in one process: a daemon stopped between steps resumes from the
// last step (the call that ran is not run again); one stopped while a shell call ran reports the
// call's unknown outcome and lets a person decide; the checkpoint goes once the task is committed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Git } from '../src/store/index.ts';
import { sandboxHost } from '../src/tools/index.ts';
import type { Reply, ScriptRequest } from '../src/models/index.ts';
import { report, taskIdOf } from './support/harness.ts';
import { dataDirWith, startDaemon, type Daemon } from './support/act-harness.ts';

const skip = sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`;
const YAML = 'agents:\n  - name: orion\n    persona: "Backend engineer."\n    autonomy_level: autonomous\n    risk_level: low\n';
const repo = (dir: string) => path.join(dir, 'agents', 'orion');
const log = (dir: string) => (existsSync(path.join(repo(dir), 'workspace', 'calls.log')) ? readFileSync(path.join(repo(dir), 'workspace', 'calls.log'), 'utf8') : '');
const cpFile = (dir: string, task: string) => path.join(dir, '.agentos', 'checkpoints', 'orion', `${task}.json`);
const results = (req: ScriptRequest) => req.messages.filter((m) => m.role === 'tool').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(20)) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

/** Starts draining, waits for `ready`, then stops the daemon as a restart would. */
async function stopWhen(d: Daemon, ready: () => boolean): Promise<void> {
  const drained = d.runtime.drain().catch(() => {});
  await until('the moment to stop', ready);
  await d.stop();
  await drained;
}

test('a stop between act steps: the restart resumes from the last step and the call that ran is not run again', { skip, timeout: 90_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  let life = 1;
  const script = (req: ScriptRequest): Reply => {
    if (taskIdOf(req) !== 'multi' && results(req) === 0) return report();
    const n = results(req);
    if (n === 0) return { toolCalls: [{ name: 'shell', args: { command: 'echo one >> calls.log' } }] };
    if (n === 1 && life === 1) return { hang: true }; // the first life ends during step 2's model call
    if (n === 1) return { toolCalls: [{ name: 'shell', args: { command: 'echo two >> calls.log' } }] };
    return report({ response: 'both logged' });
  };
  const first = await startDaemon(d.dir, script);
  await first.runtime.enqueue('orion', { id: 'multi', task: 'Log twice.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await stopWhen(first, () => first.server.requests.length >= 2);
  assert.equal(log(d.dir), 'one\n');
  const cp = JSON.parse(readFileSync(cpFile(d.dir, 'multi'), 'utf8'));
  assert.deepEqual([cp.version, cp.phase, cp.open.calls.map((c: { state: string }) => c.state)], [2, 'running', ['done']], 'step 1 with its result');

  life = 2;
  const second = await startDaemon(d.dir, script);
  t.after(() => second.stop());
  await second.runtime.drain();
  assert.equal(log(d.dir), 'one\ntwo\n', 'each call ran once');
  const firstAfter = second.server.requests[0].body as { messages: { role: string }[] };
  assert.equal(firstAfter.messages.filter((m) => m.role === 'tool').length, 1, 'the first request after the restart continued from step 1');
  const git = new Git(repo(d.dir));
  assert.equal((await git.subjects()).filter((s) => s === 'orion(task): multi').length, 1);
  const body = await git.raw(['log', '-1', '--format=%B']);
  assert.match(body, /resumed: from a step checkpoint at step 1; 1 recorded result\(s\) reused, not run again/);
  assert.match(body, /tool calls \(2\):\n- shell \{"command":"echo one >> calls.log"\}.*\n- shell \{"command":"echo two >> calls.log"\}/, 'the record carries the call made before the stop');
  assert.equal(existsSync(cpFile(d.dir, 'multi')), false, 'the checkpoint goes once the commit is durable');
});

test('a stop while a shell call runs: its unknown outcome is reported and a person decides; denied, it is not run again', { skip, timeout: 90_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const script = (req: ScriptRequest): Reply => {
    if (results(req) === 0) return { toolCalls: [{ name: 'shell', args: { command: 'echo once >> calls.log; sleep 20' } }, { name: 'list_files', args: {} }] };
    return report({ response: `continued with ${req.messages.filter((m) => m.role === 'tool').map((m) => m.text.slice(0, 40)).join(' | ')}` });
  };
  const first = await startDaemon(d.dir, script);
  await first.runtime.enqueue('orion', { id: 'slow', task: 'Log once, slowly.', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await stopWhen(first, () => log(d.dir) === 'once\n');
  const cp = JSON.parse(readFileSync(cpFile(d.dir, 'slow'), 'utf8'));
  assert.deepEqual(cp.open.calls.find((c: { tool: string }) => c.tool === 'shell').state, 'started', 'the intent is on disk, the result is not');

  const second = await startDaemon(d.dir, script);
  t.after(() => second.stop());
  await second.runtime.drain();
  const pending = await second.tools.store.list();
  assert.equal(pending.length, 1, 'one request: the shell call of unknown outcome');
  assert.deepEqual([pending[0].kind, pending[0].tool], ['approve', 'shell']);
  assert.match(pending[0].question!, /outcome unknown: the runtime stopped while this shell call ran .* Approve to run it again; deny to continue without it/);
  assert.equal(second.server.requests.length, 0, 'no model call while the person decides');
  assert.equal(existsSync(cpFile(d.dir, 'slow')), false, 'the approval store holds the paused loop now');

  await second.tools.store.decide(pending[0].id, { decision: 'denied', by: 'cli', reason: 'calls.log shows it ran' });
  await second.runtime.drain();
  assert.equal(log(d.dir), 'once\n', 'denied: not run again');
  const git = new Git(repo(d.dir));
  assert.deepEqual((await git.subjects()).filter((s) => s.includes('slow')), ['orion(task): slow']);
  const body = await git.raw(['log', '-1', '--format=%B']);
  assert.match(body, /denied by cli: calls\.log shows it ran/);
  assert.equal(second.server.requests.length, 1, 'the loop went on from the interrupted step');
  assert.match(JSON.stringify(second.server.requests[0].body), /calls\.log shows it ran|denied/i, 'the model hears the call was not run');
});
