// Measurements of the core loop (issue: AgentOS core). Each figure is taken against a
// scripted model that answers at once, so what remains is AgentOS's own cost.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runtime, RuntimeEvent } from '../src/kernel/index.ts';
import { openSystem } from '../src/compose/index.ts';
import { startScriptedServer } from '../src/models/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';

const REPLY = {
  json: {
    response: 'ok', outcome: 'success', reward: 1, context_tags: ['bench'],
    skill: { name: 'bench skill', description: 'a benchmark skill', body: 'Do the thing.' }, reflection: 'fine', goal: null,
  },
};

export function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const round = (n: number) => Math.round(n * 100) / 100;

async function setup(agents: number, budgets = '') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-'));
  const names = Array.from({ length: agents }, (_, i) => `a${i}`);
  writeFileSync(path.join(dir, 'agents.yaml'), `${budgets}agents:\n${names.map((n) => `  - name: ${n}\n    persona: bench\n`).join('')}`);
  const server = await startScriptedServer({ format: 'openai', script: () => REPLY });
  const { runtime } = await openSystem({
    tools: false,
    dataDir: dir, log: silentLogger(), pollIntervalMs: 60_000,
    model: { provider: 'openai-compatible', baseURL: server.url, model: 'instant', apiKey: undefined, maxTokens: 256, timeoutMs: 10_000, maxAttempts: 1, structured: 'json-schema' },
  });
  return { dir, names, server, runtime, close: async () => { await runtime.stop(); await server.close(); rmSync(dir, { recursive: true, force: true }); } };
}

function block(id: string): string {
  return `\n## ${id}\ntask: benchmark task ${id} about pagination and retries\npriority: normal\ncreated: 2026-01-01T00:00:00Z\n`;
}

function waitFor(runtime: Runtime, pred: (e: RuntimeEvent) => boolean): Promise<RuntimeEvent> {
  return new Promise((resolve) => {
    const on = (e: RuntimeEvent) => { if (pred(e)) { runtime.events.off('event', on); resolve(e); } };
    runtime.events.on('event', on);
  });
}

/** Append to queue.md like a person → the model request arrives. Also yields per-task overhead. */
export async function pickupAndOverhead(n: number): Promise<{ pickup: number[]; overhead: number[] }> {
  const b = await setup(1);
  await b.runtime.start();
  const queue = path.join(b.dir, 'agents', 'a0', 'queue.md');
  const pickup: number[] = [];
  const overhead: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const done = waitFor(b.runtime, (e) => e.type === 'task.completed');
      const before = b.server.requests.length;
      const t0 = Date.now();
      appendFileSync(queue, block(`p${i}`));
      const e = (await done) as Extract<RuntimeEvent, { type: 'task.completed' }>;
      pickup.push(b.server.requests[before].receivedAt - t0);
      overhead.push(e.durationMs - e.modelMs);
    }
  } finally {
    await b.close();
  }
  return { pickup, overhead };
}

/** A bare `git add` + `git commit` of the files a task touches, in a repo of the same shape. */
export function gitCommitBaseline(n: number): number[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'core.hooksPath=/dev/null', ...args], { stdio: 'pipe' });
  const files = ['rewards.md', 'reflections.md', 'skills.md', 'system_prompt.md', 'queue.md', 'skills/bench-skill/SKILL.md'];
  try {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'bench');
    git('config', 'user.email', 'bench@localhost');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      for (const f of files) {
        const file = path.join(dir, f);
        execFileSync('mkdir', ['-p', path.dirname(file)]);
        writeFileSync(file, `round ${i}\n${'x'.repeat(2000)}\n`);
      }
      const t0 = performance.now();
      git('add', '-A', '--', ...files);
      git('commit', '-q', '-m', `bench: ${i}`);
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Tasks per second over `agents` agents working at once. */
export async function throughput(agents: number, perAgent: number): Promise<number> {
  const b = await setup(agents);
  try {
    for (const name of b.names) {
      appendFileSync(path.join(b.dir, 'agents', name, 'queue.md'), Array.from({ length: perAgent }, (_, i) => block(`${name}-t${i}`)).join(''));
    }
    const t0 = performance.now();
    await b.runtime.drain();
    const seconds = (performance.now() - t0) / 1000;
    return (agents * perAgent) / seconds;
  } finally {
    await b.close();
  }
}

/** Mean overhead of the last 100 tasks over the first 100, for one agent with a long history. */
export async function overheadGrowth(tasks: number): Promise<{ growth: number; first: number; last: number }> {
  const b = await setup(1);
  const overhead: number[] = [];
  b.runtime.events.on('event', (e) => { if (e.type === 'task.completed') overhead.push(e.durationMs - e.modelMs); });
  const queue = path.join(b.dir, 'agents', 'a0', 'queue.md');
  try {
    // Feed in batches so queue.md stays small, as in steady operation.
    for (let done = 0; done < tasks; done += 50) {
      appendFileSync(queue, Array.from({ length: Math.min(50, tasks - done) }, (_, i) => block(`g${done + i}`)).join(''));
      await b.runtime.drain();
    }
  } finally {
    await b.close();
  }
  const k = Math.min(100, Math.floor(overhead.length / 2));
  const first = mean(overhead.slice(0, k));
  const last = mean(overhead.slice(-k));
  return { growth: round(last / first), first: round(first), last: round(last) };
}
