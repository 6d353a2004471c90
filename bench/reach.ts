// node bench/reach.ts [--tasks N] [--json]
// What it costs to reach an agent through the OpenAI-compatible endpoint and the MCP server, against
// a baseline measured in the same run: the same task queued in process (runtime.enqueue) and
// waited for on the runtime's events. All four take turns task by task over one daemon (openSystem,
// served on loopback) and a scripted model that answers at once, so machine load hits all alike.
//   baseline   runtime.enqueue → task.completed (in process, no HTTP)
//   chat       openai client chat.completions.create (HTTP, wait, answer, usage from the ledger)
//   stream     the same with stream: true: time to the role chunk (first byte) and to [DONE]
//   mcp        the SDK's Client over Streamable HTTP: submit_task with wait_seconds
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import { TEST_TOKEN } from '../test/support/api.ts';
import { report } from '../test/support/harness.ts';
import { startDaemon } from '../test/support/reach-harness.ts';
import { benchArgs, numberFlag } from './flags.ts';

const { values } = benchArgs(process.argv.slice(2), { tasks: { type: 'string' }, json: { type: 'boolean' } });
const N = numberFlag(values.tasks, 'tasks', 60, { min: 5, max: 10_000, whole: true });
const say = (s: string) => (values.json ? console.error(s) : console.log(s));

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
}

const d = await startDaemon({ script: () => report({ response: 'Done.', skill: null }) });
const { runtime } = d.system;
const openai = new OpenAI({ baseURL: `${d.url}/v1`, apiKey: TEST_TOKEN, maxRetries: 0 });
const mcp = new Client({ name: 'bench', version: '1' });
await mcp.connect(new StreamableHTTPClientTransport(new URL(`${d.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TEST_TOKEN}` } } }));

const times = { baseline: [] as number[], chat: [] as number[], stream_first_byte: [] as number[], stream: [] as number[], mcp: [] as number[] };

async function baseline(i: number): Promise<void> {
  const id = `base-${i}`;
  const done = new Promise<void>((resolve) => {
    const on = (e: { type: string; task?: string }) => {
      if (e.type === 'task.completed' && e.task === id) (runtime.events.off('event', on), resolve());
    };
    runtime.events.on('event', on);
  });
  await runtime.enqueue('orion', { id, task: `Task ${i}: summarise the API`, priority: 'normal', created: new Date().toISOString() });
  await done;
}

try {
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    await baseline(i);
    times.baseline.push(performance.now() - t);

    t = performance.now();
    const r = await openai.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: `Task ${i}: summarise the API` }] });
    times.chat.push(performance.now() - t);
    if (r.choices[0].message.content !== 'Done.') throw new Error(`chat answered ${JSON.stringify(r.choices[0])}`);

    t = performance.now();
    const stream = await openai.chat.completions.create({ model: 'orion', messages: [{ role: 'user', content: `Task ${i}: summarise the API` }], stream: true });
    let first = 0;
    for await (const _c of stream) if (!first) first = performance.now() - t;
    times.stream_first_byte.push(first);
    times.stream.push(performance.now() - t);

    t = performance.now();
    const m = await mcp.callTool({ name: 'submit_task', arguments: { agent: 'orion', task: `Task ${i}: summarise the API`, wait_seconds: 60 } });
    times.mcp.push(performance.now() - t);
    if ((m.content as { text: string }[])[0].text !== 'Done.') throw new Error(`mcp answered ${JSON.stringify(m.content)}`);
  }
} finally {
  await mcp.close();
  await d.close();
}

const out: Record<string, number> = { tasks: N };
for (const [k, xs] of Object.entries(times)) {
  out[`${k}_ms_p50`] = p(xs, 0.5);
  out[`${k}_ms_p95`] = p(xs, 0.95);
}
out.chat_overhead_ms_p50 = Math.round((out.chat_ms_p50 - out.baseline_ms_p50) * 10) / 10;
out.mcp_overhead_ms_p50 = Math.round((out.mcp_ms_p50 - out.baseline_ms_p50) * 10) / 10;
out.chat_vs_baseline = Math.round((out.chat_ms_p50 / out.baseline_ms_p50) * 100) / 100;
say(`${N} tasks per method, taking turns; one agent; scripted model answering at once`);
for (const k of Object.keys(times)) say(`${k.padEnd(18)} p50 ${out[`${k}_ms_p50`]} ms  p95 ${out[`${k}_ms_p95`]} ms`);
say(`chat − baseline p50: ${out.chat_overhead_ms_p50} ms; mcp − baseline p50: ${out.mcp_overhead_ms_p50} ms; chat / baseline: ${out.chat_vs_baseline}`);
if (values.json) console.log(JSON.stringify(out));
