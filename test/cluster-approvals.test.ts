// Approvals across workers: a gated tool call pauses its task on one worker; that worker stops; a
// person approves through another worker's API; a worker resumes the task where it stopped (one
// more model call, not a re-run) and commits it once. Checkpoints and decisions live in the
// remote's approvals/ directory, which every worker's data directory links to.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { newTask } from '../src/kernel/index.ts';
import { startScriptedServer, type ScriptRequest } from '../src/models/index.ts';
import { sandboxHost } from '../src/tools/index.ts';
import { enqueueRemote } from '../src/cluster/index.ts';
import { report, taskIdOf } from './support/harness.ts';
import { TEST_TOKEN } from './support/api.ts';
import { cleanups, git, inProcessWorker, makeRemote, noRedis, recordedTasks, startRedis, testOptions, until } from './support/cluster-harness.ts';

const skip = noRedis || (sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`);
const toolTexts = (req: ScriptRequest) => req.messages.filter((m) => m.role === 'tool').map((m) => m.text);

test('a task paused for a person on one worker resumes on another once approved there', { skip, timeout: 180_000 }, async (t) => {
  const defer = cleanups(t);
  const rs = await startRedis();
  defer(() => rs.stop());
  const fx = await makeRemote(['alpha'], undefined, '    human_review_points: [shell]\n');
  defer(() => fx.cleanup());
  const calls: ScriptRequest[] = [];
  const server = await startScriptedServer({ format: 'openai', script: (req) => {
    calls.push(req);
    if (taskIdOf(req) !== 'gated') return report();
    if (toolTexts(req).length === 0) return { toolCalls: [{ name: 'shell', args: { command: 'echo approved-run' } }] };
    return report({ response: `the shell said: ${toolTexts(req).join(' ')}` });
  } });
  defer(() => server.close());
  const o = testOptions(rs.url, fx.remote, { lockDurationMs: 5000 });

  const a = await inProcessWorker(fx.workerDir(), server, o, { tools: true });
  defer(() => a.close());
  await enqueueRemote(o, 'alpha', newTask({ task: 'Run the command.', id: 'gated' }));
  await until('the task to pause for a person', async () => (await a.tools!.store.list()).length === 1);
  assert.deepEqual(await recordedTasks(path.join(fx.remote, 'agents', 'alpha.git'), 'alpha'), [], 'nothing committed while it waits');
  await a.close(); // the worker that paused it goes away

  const b = await inProcessWorker(fx.workerDir(), server, o, { tools: true });
  defer(() => b.close());
  const [pending] = await b.tools!.store.list();
  assert.equal(pending?.tool, 'shell', 'the other worker sees the same request');
  const before = calls.length;
  const res = await b.app().request(`/approvals/${pending.id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` }, body: JSON.stringify({ reason: 'fine' }) });
  assert.equal(res.status, 200, await res.text());
  await until('the task committed', async () => (await recordedTasks(path.join(fx.remote, 'agents', 'alpha.git'), 'alpha')).includes('gated'), 60_000);
  assert.equal(calls.length - before, 1, 'resumed where it stopped: one more model call');
  const body = await git(path.join(fx.remote, 'agents', 'alpha.git'), 'log', '-1', '--format=%B', 'main');
  assert.match(body, /approved by api: fine/);
  assert.match(body, /the shell said: .*approved-run/s);
  assert.deepEqual(await b.tools!.store.list(), [], 'the checkpoint is gone once committed');
});
