// Deterministic replay, end to end: 50 tasks of a mixed workload (tool calls, verify in the sandbox,
// an LLM audit, LLM and text judges, world updates, failures, tasks marked deterministic) recorded
// live; each replayed in a scratch copy at its parent commit from its recording alone: all identical,
// the live agent untouched. A changed policy (another model) and a changed prompt (another persona)
// each show a clear diff. The command prints the table and exits 0 only when all are identical.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSystem } from '../src/compose/index.ts';
import { formatReport, replayTasks, type ReplayEnv } from '../src/eval/index.ts';
import type { Reply, ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { sandboxHost } from '../src/tools/index.ts';
import { report, taskIdOf } from './support/harness.ts';
import { dataDirWith, startDaemon } from './support/act-harness.ts';

const skip = sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`;
const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'agentos.js');
const TASKS = 50;
const YAML = `agents:
  - name: kilo
    persona: "Careful backend engineer."
    autonomy_level: autonomous
    risk_level: low
    reward_audit: { method: llm }
    judges:
      - { kind: contains, name: says-done, text: done }
`;

const tools = (req: ScriptRequest) => req.messages.filter((m) => m.role === 'tool').length;

/** The live model: answers the audit and the judges, and per task one of five kinds of work. */
function script(req: ScriptRequest): Reply {
  if (/independent auditor/.test(req.system)) return { json: { audit_score: /fail/.test(req.messages.at(-1)?.text ?? '') ? -1 : 1, reason: 'checked the evidence' } };
  if (/independent grader/.test(req.system)) return { json: { grade: 1, reason: 'meets the rubric' } };
  const id = taskIdOf(req);
  const kind = Number(id.slice(1)) % 5;
  const n = tools(req);
  if (kind === 0) {
    if (n === 0) return { toolCalls: [{ name: 'write_file', args: { path: `notes/${id}.md`, content: `# ${id}\nnotes\n` } }] };
    if (n === 1) return { toolCalls: [{ name: 'read_file', args: { path: `notes/${id}.md` } }] };
    return report({ response: `done: notes for ${id}`, skill: { name: `notes ${id}`, description: 'write notes', body: 'Write, then read back.' }, ...({ world_updates: [{ op: 'assert', kind: 'entity', name: `service ${id}`, claim: `${id} has notes`, aliases: [], tags: ['notes'], evidence: 'read back' }] } as object) });
  }
  if (kind === 1) return n === 0 ? { toolCalls: [{ name: 'shell', args: { command: `echo ${id} > out-${id}.txt && cat out-${id}.txt` } }] } : report({ response: `done: ${id} in out-${id}.txt`, skill: null });
  if (kind === 2) return report({ response: `done partly for ${id}`, outcome: 'partial', reward: 0, skill: null, goal: `finish ${id}` });
  if (kind === 3) return n === 0 ? { toolCalls: [{ name: 'list_files', args: { recursive: true } }] } : report({ response: `done: listed for ${id}`, skill: null });
  return n === 0 ? { toolCalls: [{ name: 'write_file', args: { path: `broken-${id}.txt`, content: 'half' } }] } : report({ response: `it did fail for ${id}`, outcome: 'failure', reward: -1, skill: null });
}

function taskOf(i: number) {
  const id = `k${i}`;
  const kind = i % 5;
  return {
    id, task: `Task number ${i}: ${['write and read notes', 'run a command', 'a partial job', 'list the files', 'a job that fails'][kind]}.`, priority: 'normal' as const,
    created: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
    ...(kind === 1 && { verify: `test -f out-${id}.txt`, judges: [{ kind: 'llm' as const, name: 'rubric', rubric: 'The file must exist.' }] }),
    ...(kind === 3 && { extra: { deterministic: true } }),
  };
}

test(`${TASKS} recorded tasks replay identical from their recordings; a changed policy or prompt shows a clear diff`, { skip, timeout: 900_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const live = await startDaemon(d.dir, script);
  let stopped = false;
  t.after(() => (stopped ? undefined : live.stop()));
  // In batches: a queue takes at most 20 tasks (backpressure).
  for (let i = 0; i < TASKS; i += 10) {
    for (let j = i; j < Math.min(TASKS, i + 10); j++) await live.runtime.enqueue('kilo', taskOf(j) as never);
    await live.runtime.drain();
  }
  const bodies = live.server.requests.map((r) => r.body as { temperature?: number; seed?: number; messages: { content?: unknown }[] });
  await live.stop();
  stopped = true;
  const repo = path.join(d.dir, 'agents', 'kilo');
  const git = new Git(repo);
  assert.equal((await git.subjects()).filter((s) => s.startsWith('kilo(task): ')).length, TASKS, 'every task committed live');
  assert.equal(readdirSync(path.join(d.dir, '.agentos', 'replay', 'kilo')).length, TASKS, 'one recording per task');
  // Tasks marked deterministic asked for temperature 0 and a seed; the others did not.
  const det = bodies.filter((b) => JSON.stringify(b.messages).includes('# Task k3\\n'));
  assert.ok(det.length > 0 && det.every((b) => b.temperature === 0 && typeof b.seed === 'number'), 'deterministic: temperature 0 and a seed');
  assert.ok(bodies.filter((b) => JSON.stringify(b.messages).includes('# Task k0\\n')).every((b) => b.seed === undefined));
  const before = { head: await git.headSha(), status: await git.raw(['status', '--porcelain']) };

  const env: ReplayEnv = { dataDir: d.dir, log: silentLogger(), open: ({ dataDir, model, extra }) => openSystem({ dataDir, model, log: silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, runtime: extra }) };
  const all = await replayTasks(env, { agent: 'kilo', since: new Date(0) });
  const differing = all.reports.filter((r) => r.status !== 'identical');
  t.diagnostic(`replayed ${all.total}: ${all.identical} identical, ${all.different} different, ${all.notReplayable} not replayable`);
  assert.deepEqual(differing.map((r) => formatReport(r)), [], 'every replay identical');
  assert.equal(all.identical, TASKS);
  assert.ok(all.reports.every((r) => r.exchanges.served === r.exchanges.recorded && r.exchanges.recorded >= 2), 'every recorded reply served, the audit among them');
  assert.deepEqual({ head: await git.headSha(), status: await git.raw(['status', '--porcelain']) }, before, 'the live agent was not touched');

  // A changed policy: another model. The requests name another model; the commit says so.
  const policy = path.join(d.dir, 'other-model.yaml');
  writeFileSync(policy, 'version: 1\nname: other-model\nmodel: gpt-other\n');
  const [m] = (await replayTasks(env, { agent: 'kilo', task: 'k0', policyFile: policy })).reports;
  assert.equal(m.status, 'different');
  assert.match(m.divergences[0].what, /model strongest\/scripted recorded, strongest\/gpt-other now/);
  assert.ok(m.differences.some((x) => x.what === 'commit message lines' && /model scripted/.test(x.recorded) && /model gpt-other/.test(x.replayed)), formatReport(m));
  assert.ok(m.differences.some((x) => x.what === 'file rewards.md'), 'rewards.md names the model used');

  // A changed prompt: another persona. The first request already differs, in the system prompt.
  const persona = path.join(d.dir, 'persona.yaml');
  writeFileSync(persona, 'version: 1\nname: new-persona\nagents:\n  kilo: { persona: "A reckless intern." }\n');
  const [p] = (await replayTasks(env, { agent: 'kilo', task: 'k1', policyFile: persona })).reports;
  assert.equal(p.status, 'different');
  assert.equal(p.divergences[0].n, 1);
  assert.match(p.divergences[0].what, /request differs from the recording in the system prompt/);
  assert.match(formatReport(p), /^replay of kilo\/k1 .* under policy new-persona: DIFFERENT$/m);

  // The command: a table for --since, exit 0 when all identical; exit 1 when one differs.
  const cli = (...a: string[]) => spawnSync(process.execPath, [BIN, 'replay', ...a, '--data', d.dir], { encoding: 'utf8', env: { ...process.env, LLM_API_KEY: '' } });
  const table = cli('kilo', '--since', '1970-01-01', '--limit', '3', '--json');
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stderr, /^k47\s+yes/m);
  assert.match(table.stderr, /3 of 3 identical, 0 different, 0 not replayable/);
  assert.equal(JSON.parse(table.stdout.trim().split('\n').at(-1)!).identical, 3);
  const changed = cli('kilo', 'k2', '--policy', persona);
  assert.equal(changed.status, 1, changed.stderr);
  assert.match(changed.stdout, /divergence at request 1 \(act\): request differs from the recording in the system prompt/);
  assert.equal(cli('kilo').status, 2, 'a TASK or --since is needed');
  assert.match(cli('kilo', 'nope').stderr, /no recording of task nope of agent kilo/);
  assert.equal(readFileSync(path.join(repo, 'queue.md'), 'utf8').includes('## k'), false, 'the live queue is as it was');
});
