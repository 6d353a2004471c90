// GET /metrics after real tasks: Prometheus text that `promtool check metrics` accepts (Debian
// package prometheus), the series the issue names, bounded labels (no task ids), the token.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { ScriptRequest } from '../src/models/index.ts';
import { dataDirWith } from './support/act-harness.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startObserved } from './support/observe-harness.ts';

const promtool = spawnSync('promtool', ['--version']).status === 0;
const YAML = `agents:
  - name: orion
    persona: "Backend engineer."
    human_review_points: [write_file]
    models: { daily_budget_usd: 2 }
  - name: lex
    persona: "Reviewer."
`;

function script(req: ScriptRequest) {
  const id = taskIdOf(req);
  const tools = req.messages.filter((m) => m.role === 'tool').length;
  if (id === 'task-bad') return { status: 400, body: { error: { message: 'no such model' } } };
  if (id === 'task-tool' && tools === 0) return { toolCalls: [{ name: 'list_files', args: {} }] };
  if (id === 'task-gated' && tools === 0) return { toolCalls: [{ name: 'write_file', args: { path: 'a.txt', content: 'x' } }] };
  const r = report({ reward: id === 'task-fail' ? -1 : 1, outcome: id === 'task-fail' ? 'failure' : 'success' }) as { json: Record<string, unknown> };
  return { json: { ...r.json, world_updates: [{ op: 'assert', kind: 'entity', name: 'rate limiter', claim: 'The API allows 100 requests per minute', aliases: [], tags: ['api'], evidence: 'saw 429 at 101' }] } };
}

test('GET /metrics after tasks: promtool accepts it, the named series are there, labels carry no task id', { timeout: 90_000 }, async (t) => {
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const o = await startObserved(d.dir, script);
  t.after(() => o.close());
  const tasks: [string, string][] = [['orion', 'task-ok'], ['orion', 'task-tool'], ['orion', 'task-fail'], ['orion', 'task-gated'], ['lex', 'task-bad'], ['lex', 'task-later']];
  for (const [i, [agent, id]] of tasks.entries()) await o.daemon.runtime.enqueue(agent, { id, task: `Do ${id}.`, priority: 'normal', created: `2026-01-01T00:00:0${i}Z`, ...(id === 'task-later' && { after: ['never-done'] }) });
  await o.daemon.runtime.drain();

  assert.equal((await fetch(`${o.url}/metrics`)).status, 401, 'metrics need the token');
  const res = await o.get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();

  const has = (re: RegExp) => assert.match(text, re);
  has(/^agentos_tasks_total\{agent="orion",outcome="success"\} 2$/m);
  has(/^agentos_tasks_total\{agent="orion",outcome="failure"\} 1$/m);
  // task-bad fails; task-later waits on an id no queue holds, so the drain dead-letters it with the reason.
  has(/^agentos_tasks_total\{agent="lex",outcome="dead_lettered"\} 2$/m);
  has(/^agentos_task_duration_seconds_bucket\{le="\+Inf",agent="orion",outcome="success"\} 2$/m);
  has(/^agentos_model_requests_total\{agent="orion",tier="\S+",model="scripted",result="ok"\} \d+$/m);
  has(/^agentos_model_requests_total\{agent="lex",tier="\S+",model="scripted",result="error"\} 1$/m);
  has(/^agentos_model_request_duration_seconds_count\{agent="orion",tier="\S+",model="scripted"\} \d+$/m);
  has(/^agentos_model_tokens_total\{agent="orion",tier="\S+",model="scripted",direction="input"\} [1-9]\d*$/m);
  has(/^agentos_tool_calls_total\{agent="orion",tool="list_files",result="ok"\} 1$/m);
  has(/^agentos_approvals_requested_total\{agent="orion",kind="approval"\} 1$/m);
  has(/^agentos_routing_verdicts_total\{agent="orion",tier="\S+",verdict="\w+"\} \d+$/m);
  has(/^agentos_context_tokens\{agent="orion",measure="prompt"\} [1-9]\d*$/m);
  has(/^agentos_context_tokens\{agent="orion",measure="retrieval_budget"\} [1-9]\d*$/m);
  has(/^agentos_queue_depth\{agent="orion"\} 1$/m); // the gated task waits in the queue
  has(/^agentos_queue_depth\{agent="lex"\} 0$/m);
  has(/^agentos_approvals_waiting\{agent="orion"\} 1$/m);
  has(/^agentos_dead_letters\{agent="lex"\} 2$/m);
  has(/^agentos_world_records\{agent="orion",kind="entity",status="(hypothesis|confirmed)"\} 1$/m);
  has(/^agentos_budget_usd_daily\{agent="orion"\} 2$/m);
  has(/^agentos_breaker_state\{endpoint="openai-compatible 127\.0\.0\.1:\d+",state="closed"\} 1$/m);
  has(/^agentos_agent_paused\{agent="orion"\} 0$/m);
  has(/^agentos_sse_clients 0$/m);
  has(/^process_cpu_user_seconds_total \S+$/m);
  has(/^nodejs_eventloop_lag_seconds \S+$/m);
  assert.ok(!/task-/.test(text), 'no task id in any label');

  if (!promtool) {
    t.diagnostic('promtool not installed (apt-get install prometheus): format check skipped');
    return;
  }
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
});
