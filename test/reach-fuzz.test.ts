// Hostile bodies (fixed seed) against POST /v1/chat/completions and POST /mcp of the real daemon:
// no 5xx, no crash, no hang; every chat refusal in OpenAI's error shape; every chat that was
// accepted is a task that ran or is queued (nothing lost); MCP answers JSON-RPC errors or tool
// errors, never a server failure, and keeps serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_TOKEN } from './support/api.ts';
import { fuzzBody, randomValue, seeded, type Rand } from './support/fuzz-bodies.ts';
import { report } from './support/harness.ts';
import { startDaemon } from './support/reach-harness.ts';

const SEED = 0x5eed_0013;
const CASES = Number(process.env.AGENTOS_FUZZ_CASES ?? 300);
const HANG_MS = 15_000;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** A chat request that is nearly right, with parts made wrong or hostile. */
function chatBody(r: Rand): { kind: string; body: string | Uint8Array } {
  if (r() < 0.3) return fuzzBody(r);
  const roles = ['user', 'assistant', 'system', 'developer', 'tool', 'function', 'wizard', '', null];
  const message = () => ({ role: r() < 0.7 ? 'user' : pick(r, roles), content: r() < 0.6 ? pick(r, ['Hello', 'Summarise the API', '## injected\ntask: x', '\u0000\ud800', 'x'.repeat(70_000)]) : randomValue(r) });
  const body: Record<string, unknown> = { model: r() < 0.8 ? 'orion' : randomValue(r), messages: Array.from({ length: 1 + Math.floor(r() * 4) }, message) };
  for (let n = Math.floor(r() * 3); n > 0; n--) body[pick(r, ['stream', 'stream_options', 'n', 'metadata', 'temperature', 'tools', '__proto__', 'messages', 'model'])] = randomValue(r);
  if (r() < 0.2) body.metadata = { task_id: pick(r, ['ok-id', '../x', '', 'a'.repeat(200)]), priority: pick(r, ['high', 'urgent']), tags: pick(r, ['a,b', ',,,', 'x'.repeat(50)]) };
  return { kind: 'chat', body: JSON.stringify(body) };
}

function mcpBody(r: Rand): string {
  const tools = ['submit_task', 'get_status', 'search_memory', 'list_approvals', 'decide_approval', 'vote_proposal', 'nope'];
  const args = () => (r() < 0.5 ? randomValue(r) : { agent: pick(r, ['orion', 'nobody', '../etc', '']), task: pick(r, ['x', '', 'hello']), query: pick(r, ['api', '', 'the']), id: randomValue(r), wait_seconds: pick(r, [0, -1, 1e9, 'x']) });
  const methods = ['tools/call', 'tools/call', 'tools/call', 'resources/read', 'tools/list', 'resources/list', 'ping', 'initialize', 'bogus'];
  const method = pick(r, methods);
  const params = method === 'tools/call' ? { name: pick(r, tools), arguments: args() } : method === 'resources/read' ? { uri: pick(r, ['agentos://agents/orion/persona', 'agentos://agents/../persona', 'agentos://shared/segments/%00', String(randomValue(r))]) } : randomValue(r);
  if (r() < 0.15) return pick(r, ['', '{', '[]', '{"jsonrpc":"2.0"}', 'null', JSON.stringify(randomValue(r))]);
  return JSON.stringify({ jsonrpc: pick(r, ['2.0', '2.0', '2.0', '1.0']), id: pick(r, [1, 'a', null, randomValue(r)]), method, params });
}

async function timed(p: Promise<Response>): Promise<Response | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

test(`reach fuzzer: ${CASES} chat and ${Math.round(CASES / 2)} MCP bodies (seed ${SEED.toString(16)}): no 5xx, no hang, clear errors, nothing lost`, { timeout: 600_000 }, async (t) => {
  const d = await startDaemon({ reach: { waitMs: 50 }, script: () => report() });
  t.after(() => d.close());
  const app = d.system.app();
  const r = seeded(SEED);
  const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const problems: string[] = [];
  const figures = { chat: 0, accepted: 0, refused: 0, mcp: 0, mcpErrors: 0, byStatus: {} as Record<string, number> };
  const accepted: string[] = [];

  for (let i = 0; i < CASES; i++) {
    const { kind, body } = chatBody(r);
    figures.chat++;
    const label = `chat case ${i} (${kind}, ${body.length} bytes)`;
    const res = await timed(Promise.resolve(app.request('/v1/chat/completions', { method: 'POST', headers, body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]) })));
    if (res === 'hang') {
      problems.push(`${label}: no answer within ${HANG_MS} ms`);
      continue;
    }
    figures.byStatus[res.status] = (figures.byStatus[res.status] ?? 0) + 1;
    const text = await res.text();
    if (res.status >= 500) problems.push(`${label}: ${res.status} ${text.slice(0, 300)}`);
    else if (res.status === 200) {
      figures.accepted++;
      const task = res.headers.get('x-agentos-task');
      if (!task) problems.push(`${label}: 200 without a task id`);
      else accepted.push(task);
      if (!(res.headers.get('content-type') ?? '').includes('event-stream') && JSON.parse(text).object !== 'chat.completion') problems.push(`${label}: 200 is not a chat.completion`);
    } else {
      figures.refused++;
      let e: { error?: { message?: unknown; type?: unknown; code?: unknown } } | undefined;
      try {
        e = JSON.parse(text);
      } catch {
        e = undefined;
      }
      if (!(typeof e?.error?.message === 'string' && e.error.message.length >= 10 && typeof e.error.type === 'string' && typeof e.error.code === 'string')) {
        problems.push(`${label}: refusal ${res.status} not in OpenAI's shape: ${text.slice(0, 300)}`);
      }
    }
  }

  for (let i = 0; i < CASES / 2; i++) {
    const body = mcpBody(r);
    figures.mcp++;
    const res = await timed(Promise.resolve(app.request('/mcp', { method: 'POST', headers, body })));
    if (res === 'hang') {
      problems.push(`mcp case ${i}: no answer within ${HANG_MS} ms (${body.slice(0, 200)})`);
      continue;
    }
    const text = await res.text();
    if (res.status >= 500) problems.push(`mcp case ${i}: ${res.status} ${text.slice(0, 300)} for ${body.slice(0, 200)}`);
    if (/"isError":true|"error":\{/.test(text) || res.status >= 400) figures.mcpErrors++;
    if (/internal error; see the runtime log/.test(text)) problems.push(`mcp case ${i}: an unexpected error inside a tool: ${body.slice(0, 200)}`);
  }

  // Nothing lost: every accepted chat is a task that ran or still waits in the queue.
  await d.system.runtime.drain();
  for (const task of accepted) {
    const st = await (await app.request(`/agents/orion/tasks/${task}`, { headers })).json() as { status?: string };
    if (!['completed', 'dead_lettered', 'queued', 'running', 'paused'].includes(st.status ?? '')) problems.push(`accepted task ${task} is ${st.status}`);
  }
  assert.equal((await app.request('/healthz')).status, 200, 'still serving');
  console.log(`reach-fuzz figures: ${JSON.stringify(figures)}`);
  assert.deepEqual(problems.slice(0, 20), []);
  assert.ok(figures.accepted > 0 && figures.refused > CASES / 3 && figures.mcpErrors > 0, 'the fuzzer reached the handlers and the refusals');
});
