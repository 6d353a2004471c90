// agentos bench checkpoints [--tasks N] [--steps N] [--json]   (or: node bench/checkpoints.ts)
// The cost of a step checkpoint. One runtime with the tool runtime, a scripted model that answers
// at once and makes one write_file call per step (a 2 KiB file) for S steps, then answers. Tasks
// alternate between step checkpoints on and off (the baseline: the same step without them), so
// machine load falls on both alike. A step's time is the gap between two model requests (the SDK,
// the checkpoint writes, the tool call). Also each write's size and time to be durable (fsync of
// the file and its folder).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSystem } from '../src/compose/index.ts';
import type { RuntimeEvent } from '../src/kernel/index.ts';
import { startScriptedServer, type ScriptRequest } from '../src/models/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';

const q = (v: number[], x: number) => (v.length ? [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(x * v.length))] : 0);
const r2 = (n: number) => Math.round(n * 100) / 100;
const REPORT = { json: { response: 'written', outcome: 'success', reward: 1, context_tags: ['bench'], skill: null, reflection: 'fine', goal: null } };

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { tasks: { type: 'string' }, steps: { type: 'string' }, json: { type: 'boolean' } } });
  const tasks = Number(values.tasks ?? 40);
  const steps = Number(values.steps ?? 5);
  if (!Number.isInteger(tasks) || tasks < 2 || !Number.isInteger(steps) || steps < 1 || steps > 50) throw new Error('--tasks takes a whole number ≥ 2, --steps 1..50');
  const say = (s: string) => (values.json ? console.error(s) : console.log(s));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-checkpoints-'));
  writeFileSync(path.join(dir, 'agents.yaml'), `agents:\n  - name: b0\n    persona: bench\n    autonomy_level: autonomous\n    risk_level: low\n    max_steps: ${steps + 2}\n`);
  const arrivals = new Map<string, number[]>();
  const script = (req: ScriptRequest) => {
    const id = /^# Task (\S+)/m.exec(req.messages.filter((m) => m.role === 'user').map((m) => m.text).join('\n'))?.[1] ?? '';
    arrivals.set(id, [...(arrivals.get(id) ?? []), performance.now()]);
    const k = req.messages.filter((m) => m.role === 'tool').length;
    return k < steps ? { toolCalls: [{ name: 'write_file', args: { path: `notes/${id}-${k}.md`, content: `step ${k}\n${'x'.repeat(2048)}\n` } }] } : REPORT;
  };
  const server = await startScriptedServer({ format: 'openai', script });
  const system = await openSystem({
    dataDir: dir, log: silentLogger(), pollIntervalMs: 60_000, iac: false, judges: false,
    model: { provider: 'openai-compatible', baseURL: server.url, model: 'instant', apiKey: undefined, maxTokens: 256, timeoutMs: 10_000, maxAttempts: 1, structured: 'json-schema' },
  });
  const { runtime } = system;
  const ctx = runtime.worker('b0').ctx;
  const store = ctx.checkpoints!;
  const writes: { bytes: number; ms: number }[] = [];
  store.onWrite = (w) => writes.push(w);
  const stepTimes = { on: [] as number[], off: [] as number[] };
  const writesPerTask: number[] = [];
  let n = 0;
  const task = (arm: 'on' | 'off') => new Promise<void>((resolve, reject) => {
    const id = `t${n++}`;
    ctx.checkpoints = arm === 'on' ? store : undefined;
    const before = writes.length;
    const on = (e: RuntimeEvent) => {
      if (e.type === 'task.completed' && e.task === id) {
        runtime.events.off('event', on);
        const t = arrivals.get(id) ?? [];
        for (let i = 1; i < t.length; i++) stepTimes[arm].push(t[i] - t[i - 1]);
        if (arm === 'on') writesPerTask.push(writes.length - before);
        resolve();
      }
      if (e.type === 'task.dead_lettered' && e.task === id) (runtime.events.off('event', on), reject(new Error(e.reason)));
    };
    runtime.events.on('event', on);
    runtime.enqueue('b0', { id, task: `write ${steps} notes for ${id}`, priority: 'normal', created: '2026-01-01T00:00:00Z' }).catch(reject);
  });
  try {
    say(`AgentOS step checkpoints: ${tasks} tasks of ${steps} tool steps, alternating checkpoints on / off`);
    for (let i = 0; i < 4; i++) await task(i % 2 ? 'on' : 'off'); // warm up
    stepTimes.on.length = 0;
    stepTimes.off.length = 0;
    writes.length = 0;
    writesPerTask.length = 0;
    for (let i = 0; i < tasks; i++) await task((i + Math.floor(i / 2)) % 2 ? 'on' : 'off');
  } finally {
    ctx.checkpoints = store;
    await system.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const on = q(stepTimes.on, 0.5);
  const off = q(stepTimes.off, 0.5);
  const perStep = writesPerTask.reduce((a, b) => a + b, 0) / Math.max(1, writesPerTask.length) / steps;
  const result = {
    tasks, steps_per_task: steps,
    step_ms_p50_with_checkpoints: r2(on), step_ms_p50_without: r2(off),
    checkpoint_ms_per_step_p50: r2(on - off),
    checkpoint_overhead_pct: r2(((on - off) / off) * 100),
    writes_per_step: r2(perStep),
    write_ms_p50: r2(q(writes.map((w) => w.ms), 0.5)), write_ms_p95: r2(q(writes.map((w) => w.ms), 0.95)),
    checkpoint_bytes_p50: q(writes.map((w) => w.bytes), 0.5), checkpoint_bytes_max: Math.max(0, ...writes.map((w) => w.bytes)),
  };
  say(`step time p50: ${result.step_ms_p50_with_checkpoints} ms with checkpoints, ${result.step_ms_p50_without} ms without → ${result.checkpoint_ms_per_step_p50} ms per step (${result.checkpoint_overhead_pct}%)`);
  say(`${result.writes_per_step} durable writes per step, each p50 ${result.write_ms_p50} ms (p95 ${result.write_ms_p95}); checkpoint size p50 ${result.checkpoint_bytes_p50} bytes, largest ${result.checkpoint_bytes_max}`);
  console.log(JSON.stringify(result));
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await run(process.argv.slice(2));
