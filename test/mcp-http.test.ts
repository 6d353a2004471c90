// The MCP server over Streamable HTTP at /mcp, through the SDK's own client with the bearer
// token, against a real listening daemon: tools, resources, the read-only token, no token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import { Git } from '../src/store/index.ts';
import { sandboxHost } from '../src/tools/index.ts';
import type { ScriptRequest } from '../src/models/index.ts';
import { TEST_READ_TOKEN, TEST_TOKEN } from './support/api.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startDaemon, type Daemon } from './support/reach-harness.ts';

const YAML = `agents:
  - name: orion
    persona: "Backend engineer. Terse."
    domain: "Backend engineering"
    human_review_points: [shell]
  - name: vega
    persona: "Researcher."
    domain: "Research"
`;

async function connect(d: Daemon, token: string | null): Promise<Client> {
  const client = new Client({ name: 'agentos-test', version: '1.0.0' });
  const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${d.url}/mcp`), { requestInit: { headers } }));
  return client;
}

const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const jsonOf = (r: CallToolResult) => JSON.parse((r.content[r.content.length - 1] as { text: string }).text);
const call = async (c: Client, name: string, args: Record<string, unknown> = {}, opts = {}) => (await c.callTool({ name, arguments: args }, undefined, opts)) as CallToolResult;
const skip = sandboxHost().ok ? false : `bubblewrap unavailable: ${sandboxHost().problem}`;

test('MCP over Streamable HTTP: tools and resources with the operator token, reads only with the read-only token, nothing without one', { skip, timeout: 90_000 }, async (t) => {
  const toolTexts = (req: ScriptRequest) => req.messages.filter((m) => m.role === 'tool').map((m) => m.text);
  const d = await startDaemon({
    tools: true,
    agentsYaml: YAML,
    script: (req) => {
      const id = taskIdOf(req);
      if (id.startsWith('gated') && toolTexts(req).length === 0) return { toolCalls: [{ name: 'shell', args: { command: 'echo hi > hi.txt' } }] };
      return report({ response: `Done ${id}.`, skill: { name: 'cursor pagination', description: 'Paginate with opaque cursors', body: 'Return next_cursor; never offsets.' } });
    },
  });
  t.after(() => d.close());
  const op = await connect(d, TEST_TOKEN);
  t.after(() => op.close());

  const tools = (await op.listTools()).tools.map((x) => x.name).sort();
  assert.deepEqual(tools, ['decide_approval', 'get_status', 'list_approvals', 'search_memory', 'submit_task', 'vote_proposal']);

  // submit_task waits for the answer (with progress), through the whole pipeline.
  const progress: string[] = [];
  const done = await call(op, 'submit_task', { agent: 'orion', task: 'How do we paginate orders?', id: 'pag-1', wait_seconds: 30 }, { onprogress: (p: { message?: string }) => progress.push(p.message ?? '') });
  assert.equal(done.isError, undefined, textOf(done));
  assert.equal((done.content[0] as { text: string }).text, 'Done pag-1.');
  const meta = jsonOf(done);
  assert.equal(meta.status, 'completed');
  assert.match(meta.commit, /^[0-9a-f]{40}$/);
  assert.ok(meta.usage.input > 0);
  assert.ok(progress.includes('task.started'), `progress notifications: ${progress.join(', ')}`);
  assert.ok((await new Git(path.join(d.dir, 'agents', 'orion')).subjects()).includes('orion(task): pag-1'));

  // get_status: all agents, then the task with its answer.
  const all = jsonOf(await call(op, 'get_status'));
  assert.deepEqual(all.agents.map((a: { name: string }) => a.name), ['orion', 'vega']);
  const st = await call(op, 'get_status', { agent: 'orion', task: 'pag-1' });
  assert.equal((st.content[0] as { text: string }).text, 'Done pag-1.');
  assert.equal(jsonOf(st).status, 'completed');
  const missing = await call(op, 'get_status', { agent: 'orion', task: 'nope' });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /agent orion has no task nope/);
  const unknown = await call(op, 'get_status', { agent: 'nobody' });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /no agent named "nobody" \(agents: orion, vega\)/);

  // search_memory finds the skill the task earned; its resource reads the SKILL.md.
  const found = jsonOf(await call(op, 'search_memory', { agent: 'orion', query: 'cursor pagination', kinds: ['skills'] }));
  assert.equal(found.hits[0].kind, 'skills');
  assert.equal(found.hits[0].uri, 'agentos://agents/orion/skills/cursor-pagination');
  const skill = await op.readResource({ uri: found.hits[0].uri });
  assert.match((skill.contents[0] as { text: string }).text, /never offsets/);
  const noWords = await call(op, 'search_memory', { agent: 'orion', query: 'the a of' });
  assert.equal(noWords.isError, true);

  // Resources: templates, listings, a persona, a refused path.
  const templates = (await op.listResourceTemplates()).resourceTemplates.map((x) => x.uriTemplate).sort();
  assert.deepEqual(templates, [
    'agentos://agents/{agent}/persona', 'agentos://agents/{agent}/skills', 'agentos://agents/{agent}/skills/{skill}',
    'agentos://agents/{agent}/world', 'agentos://agents/{agent}/world/{kind}/{record}', 'agentos://shared/segments/{topic}',
  ]);
  const listed = (await op.listResources()).resources.map((r) => r.uri);
  assert.ok(listed.includes('agentos://agents/vega/persona') && listed.includes('agentos://agents/orion/skills/cursor-pagination'), listed.join(' '));
  const persona = await op.readResource({ uri: 'agentos://agents/orion/persona' });
  assert.match((persona.contents[0] as { text: string }).text, /Backend engineer/);
  await assert.rejects(op.readResource({ uri: 'agentos://agents/orion/skills/%2E%2E%2Fpersona.md' }), /must be a name/);
  await assert.rejects(op.readResource({ uri: 'agentos://agents/nobody/persona' }), /no agent named "nobody"/);

  // A gated tool call: submit_task reports the pause; list_approvals shows it; the read-only token may not decide.
  const paused = await call(op, 'submit_task', { agent: 'orion', task: 'Write hi.txt', id: 'gated-1', wait_seconds: 30 });
  assert.equal(jsonOf(paused).status, 'paused');
  const [request] = jsonOf(paused).approvals;
  assert.match(textOf(paused), new RegExp(`request ${request}: run shell`));
  const pending = jsonOf(await call(op, 'list_approvals', { agent: 'orion' }));
  assert.deepEqual(pending.requests.map((r: { id: string }) => r.id), [request]);

  const reader = await connect(d, TEST_READ_TOKEN);
  t.after(() => reader.close());
  assert.deepEqual(jsonOf(await call(reader, 'list_approvals')).requests.map((r: { id: string }) => r.id), [request], 'the read-only token reads');
  for (const [name, args] of [['decide_approval', { id: request, decision: 'approve' }], ['submit_task', { agent: 'orion', task: 'x' }], ['vote_proposal', { proposal: 'prop-001', vote: 'yes', reason: 'r', agent: 'vega' }]] as const) {
    const refused = await call(reader, name, args);
    assert.equal(refused.isError, true, name);
    assert.match(textOf(refused), /needs the operator token; this connection uses the read-only token/, name);
  }
  assert.deepEqual(jsonOf(await call(op, 'list_approvals')).requests.length, 1, 'still pending');

  const decided = await call(op, 'decide_approval', { id: request, decision: 'approve', reason: 'fine' });
  assert.equal(decided.isError, undefined, textOf(decided));
  const again = await call(op, 'decide_approval', { id: request, decision: 'deny' });
  assert.equal(again.isError, true);
  for (let i = 0; i < 200 && jsonOf(await call(op, 'get_status', { agent: 'orion', task: 'gated-1' })).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await call(op, 'get_status', { agent: 'orion', task: 'gated-1' })).content[0].type, 'text');
  assert.equal(((await call(op, 'get_status', { agent: 'orion', task: 'gated-1' })).content[0] as { text: string }).text, 'Done gated-1.');

  // A proposal: vega votes on it; the tally decides.
  const consensus = d.system.iac!.consensus;
  const prop = await consensus.propose('orion', { topic: 'pagination', subject: 'Cursor pagination', claim: 'Use cursors, not offsets.', evidence: ['pag-1'], tags: ['api'] }, new Date());
  assert.ok(prop);
  assert.equal(jsonOf(await call(op, 'get_status')).proposals_open[0].id, prop.id);
  const both = await call(op, 'vote_proposal', { proposal: prop.id, vote: 'yes', reason: 'agreed', agent: 'vega', person: 'ann' });
  assert.equal(both.isError, true);
  const vote = await call(op, 'vote_proposal', { proposal: prop.id, vote: 'yes', reason: 'Cursors survive inserts.', agent: 'vega' });
  assert.equal(vote.isError, undefined, textOf(vote));
  assert.equal(jsonOf(vote).voter, 'vega');
  assert.match(jsonOf(vote).commit, /^[0-9a-f]{40}$/);
  const twice = await call(op, 'vote_proposal', { proposal: prop.id, vote: 'no', reason: 'changed my mind', agent: 'vega' });
  assert.equal(twice.isError, true);

  // Bad input is a tool error that says what is wrong.
  const bad = await call(op, 'submit_task', { agent: '../etc', task: 'x' });
  assert.equal(bad.isError, true);
  assert.match(textOf(bad), /agent/);

  // No token: the transport is refused before any MCP message is read.
  await assert.rejects(connect(d, null), /401|Unauthorized|send Authorization/);
  await assert.rejects(connect(d, 'not-the-token-0123456789abcdefghijklmnop'), /401|Unauthorized|not valid/);
  const raw = await fetch(`${d.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
  assert.equal(raw.status, 401);
  assert.equal((await fetch(`${d.url}/mcp`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).status, 405);
});
