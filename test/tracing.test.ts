// OpenTelemetry traces end to end: the runtime with startTracing() exports over OTLP/HTTP to a
// receiver this test starts; the span tree is task → context, route, model call (gen_ai.*, with
// the AI SDK's spans inside, tool calls within) → verify → learn → commit. Off, nothing loads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ScriptRequest } from '../src/models/index.ts';
import { startTracing } from '../src/telemetry/index.ts';
import { dataDirWith, startDaemon } from './support/act-harness.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startReceiver, type ReceivedSpan } from './support/otlp-receiver.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function script(req: ScriptRequest) {
  const tools = req.messages.filter((m) => m.role === 'tool').length;
  if (taskIdOf(req) === 'traced' && tools === 0) return { toolCalls: [{ name: 'write_file', args: { path: 'out.txt', content: 'hello' } }] };
  return report({ response: 'Wrote out.txt. sk-secret-in-answer-should-not-appear' });
}

test('spans for task → context → route → model call (gen_ai.*) → tool call → verify → learn → commit, over OTLP/HTTP JSON', { timeout: 60_000 }, async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const tracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'agentos-test', OTEL_BSP_SCHEDULE_DELAY: '50' }, '9.9.9');
  assert.ok(tracing);
  t.after(() => tracing.shutdown());
  const d = dataDirWith('agents:\n  - name: orion\n    persona: "Backend engineer."\n');
  t.after(d.cleanup);
  const daemon = await startDaemon(d.dir, script, { runtime: { tracing: tracing.port } });
  t.after(() => daemon.stop());
  await daemon.runtime.enqueue('orion', { id: 'traced', task: 'Write out.txt.', priority: 'normal', created: '2026-01-01T00:00:00Z', verify: 'test -f out.txt' });
  await daemon.runtime.drain();
  await tracing.flush();

  const spans = receiver.spans;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const one = (name: string | RegExp) => {
    const found = spans.filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
    assert.equal(found.length, 1, `one ${name}; spans: ${spans.map((s) => s.name).join(', ')}`);
    return found[0];
  };
  const parentOf = (s: ReceivedSpan) => byId.get(s.parentSpanId);
  const root = one('agentos.task');
  assert.equal(root.parentSpanId, '');
  assert.equal(root.service, 'agentos-test');
  assert.equal(root.attributes['agentos.agent'], 'orion');
  assert.equal(root.attributes['agentos.task.id'], 'traced');
  assert.equal(root.attributes['agentos.task.outcome'], 'success');
  assert.match(String(root.attributes['agentos.commit']), /^[0-9a-f]{40}$/);
  assert.ok(spans.every((s) => s.traceId === root.traceId), 'one trace per task');

  const children = ['agentos.context', 'agentos.route', 'chat scripted', 'agentos.verify', 'agentos.learn', 'agentos.commit'].map(one);
  for (const c of children) assert.equal(c.parentSpanId, root.spanId, `${c.name} is a child of the task`);
  assert.ok(Number(children[0].attributes['agentos.context.tokens']) > 0);
  assert.equal(children[1].attributes['agentos.route.tier'], children[2].attributes['agentos.tier']);
  const chat = children[2];
  assert.equal(chat.attributes['gen_ai.operation.name'], 'chat');
  assert.equal(chat.attributes['gen_ai.request.model'], 'scripted');
  assert.equal(chat.attributes['gen_ai.provider.name'], 'openai-compatible');
  assert.ok(Number(chat.attributes['gen_ai.usage.input_tokens']) > 0);
  assert.ok(Number(chat.attributes['gen_ai.usage.output_tokens']) > 0);
  assert.equal(chat.attributes['server.address'], '127.0.0.1');
  const verify = children[3];
  assert.equal(typeof verify.attributes['agentos.verify.passed'], 'boolean');
  assert.match(String(children[5].attributes['agentos.commit']), /^[0-9a-f]{40}$/);

  // The AI SDK's spans nest inside the model call, with gen_ai.* of their own; the tool call inside those.
  const sdk = one('ai.generateText');
  assert.equal(sdk.parentSpanId, chat.spanId);
  const steps = spans.filter((s) => s.name === 'ai.generateText.doGenerate');
  assert.equal(steps.length, 2, 'two model requests: the tool call, then the answer');
  for (const s of steps) {
    assert.equal(s.parentSpanId, sdk.spanId);
    assert.equal(s.attributes['gen_ai.request.model'], 'scripted');
  }
  const tool = one('execute_tool write_file');
  assert.equal(tool.attributes['gen_ai.tool.name'], 'write_file');
  let up = parentOf(tool);
  while (up && up !== chat) up = parentOf(up);
  assert.equal(up, chat, 'the tool call runs inside the model call');

  const all = JSON.stringify(spans);
  assert.ok(!all.includes('sk-secret-in-answer'), 'answers are not recorded');
  assert.ok(!all.includes('sk-test-secret-key-123'), 'the API key is not recorded');
  assert.ok(!all.includes('Write out.txt.'), 'the task text is not recorded');
});

test('http/protobuf (the OTLP default) posts protobuf to /v1/traces', { timeout: 60_000 }, async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const tracing = await startTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, OTEL_BSP_SCHEDULE_DELAY: '50' });
  assert.ok(tracing);
  await tracing.port.span('agentos.task', { 'agentos.agent': 'orion' }, async (s) => s.set({ 'agentos.task.outcome': 'success' }));
  await tracing.shutdown();
  assert.equal(receiver.posts.length, 1);
  assert.equal(receiver.posts[0].path, '/v1/traces');
  assert.equal(receiver.posts[0].contentType, 'application/x-protobuf');
  assert.ok(receiver.posts[0].body.includes(Buffer.from('agentos.task')));
});

test('without an OTLP endpoint nothing of the OpenTelemetry SDK is loaded, and a task runs untraced', { timeout: 60_000 }, () => {
  // A child process records every module it resolves while it runs a task through the wiring of `agentos run`.
  const child = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(spec, ctx, next) { seen.push(spec); return next(spec, ctx); } });
    const { startObservability } = await import(${JSON.stringify(path.join(ROOT, 'src/compose/observability.ts'))});
    const { startHarness, report } = await import(${JSON.stringify(path.join(ROOT, 'test/support/harness.ts'))});
    const { silentLogger } = await import(${JSON.stringify(path.join(ROOT, 'src/telemetry/index.ts'))});
    const env = { contextKeep: 10, events: { buffer: 10, maxClients: 1, heartbeatMs: 60000, flushMs: 50 } };
    const observe = await startObservability(env, silentLogger(), {});
    const h = await startHarness({ script: () => report() });
    await h.runtime.enqueue('orion', { id: 'plain', task: 'x', priority: 'normal', created: '2026-01-01T00:00:00Z' });
    await h.runtime.drain();
    const tracing = [...h.runtime.workers.values()][0].ctx.tracing;
    await h.close();
    await observe.close();
    console.log(JSON.stringify({ tracing: tracing ?? null, hasTracing: 'tracing' in observe.runtimeOptions, otel: seen.filter((s) => s.startsWith('@opentelemetry/') && s !== '@opentelemetry/api'), events: h.events.map((e) => e.type) }));
  `;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', env, cwd: ROOT });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { tracing: unknown; hasTracing: boolean; otel: string[]; events: string[] };
  assert.equal(out.tracing, null);
  assert.equal(out.hasTracing, false);
  assert.deepEqual(out.otel, [], 'no OpenTelemetry SDK module was loaded');
  assert.ok(out.events.includes('task.completed'));
});
