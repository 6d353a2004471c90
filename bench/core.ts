// Measurements of the core loop (issue: AgentOS core). Each figure is taken against a
// scripted model that answers at once, so what remains is AgentOS's own cost.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
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

/** The files a task's commit wrote, with their bytes (what both baselines write per task). */
export type Payload = { path: string; bytes: Buffer }[];

function headPayload(agentDir: string): Payload {
  const names = execFileSync('git', ['-C', agentDir, 'show', '--name-only', '--format=', 'HEAD'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return names.map((f) => ({ path: f, bytes: readFileSync(path.join(agentDir, f)) }));
}

/** Append to queue.md like a person → the model request arrives. Also yields per-task overhead and the last task's files. */
export async function pickupAndOverhead(n: number): Promise<{ pickup: number[]; overhead: number[]; payload: Payload }> {
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
    return { pickup, overhead, payload: headPayload(path.join(b.dir, 'agents', 'a0')) };
  } finally {
    await b.close();
  }
}

/** A bare `git add` + `git commit` of the files a task wrote (same bytes, a round marker prepended), in a repo of the same shape. */
export function gitCommitBaseline(n: number, payload: Payload): number[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'core.hooksPath=/dev/null', ...args], { stdio: 'pipe' });
  const files = payload.map((f) => f.path);
  try {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'bench');
    git('config', 'user.email', 'bench@localhost');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      for (const f of payload) {
        const file = path.join(dir, f.path);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, Buffer.concat([Buffer.from(`round ${i}\n`), f.bytes]));
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

/** The embedded-database floor: one node:sqlite WAL transaction (synchronous=FULL) per task inserting the task's files' bytes. */
export function sqliteBaseline(n: number, payload: Payload): number[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-sqlite-'));
  const db = new DatabaseSync(path.join(dir, 'tasks.db'));
  try {
    db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE files (task INTEGER, path TEXT, bytes BLOB)');
    const insert = db.prepare('INSERT INTO files (task, path, bytes) VALUES (?, ?, ?)');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const rows = payload.map((f) => Buffer.concat([Buffer.from(`round ${i}\n`), f.bytes]));
      const t0 = performance.now();
      db.exec('BEGIN');
      payload.forEach((f, j) => insert.run(i, f.path, rows[j]));
      db.exec('COMMIT');
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    db.close();
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

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * An aged agent (a0: `history` real tasks done first, fed 50 at a time) and a fresh one (a1) in one
 * runtime, then `pairs` tasks each, alternated task by task (who goes first swaps every pair), so
 * machine load hits both alike. Growth = median aged overhead / median fresh overhead. RSS is
 * sampled every tenth of the history (the process's RSS after `history` tasks is the last sample).
 */
export async function agedVsFresh(history: number, pairs: number): Promise<{ growth: number; aged: number; fresh: number; rss: number[] }> {
  const b = await setup(2);
  const rss: number[] = [];
  const step = Math.max(50, Math.ceil(history / 10 / 50) * 50);
  const q = (agent: string) => path.join(b.dir, 'agents', agent, 'queue.md');
  try {
    for (let done = 0; done < history; done += 50) {
      appendFileSync(q('a0'), Array.from({ length: Math.min(50, history - done) }, (_, i) => block(`h${done + i}`)).join(''));
      await b.runtime.drain();
      b.server.requests.length = 0; // the scripted server records every request: harness memory, not AgentOS's
      if ((done + 50) % step === 0 || done + 50 >= history) rss.push(mib(process.memoryUsage().rss));
    }
    const aged: number[] = [];
    const fresh: number[] = [];
    const one = async (agent: string, id: string, into: number[]) => {
      const done = waitFor(b.runtime, (e) => e.type === 'task.completed' && e.agent === agent);
      appendFileSync(q(agent), block(id));
      await b.runtime.drain();
      const e = (await done) as Extract<RuntimeEvent, { type: 'task.completed' }>;
      into.push(e.durationMs - e.modelMs);
      b.server.requests.length = 0;
    };
    for (let i = 0; i < pairs; i++) {
      if (i % 2) { await one('a1', `f${i}`, fresh); await one('a0', `x${i}`, aged); }
      else { await one('a0', `x${i}`, aged); await one('a1', `f${i}`, fresh); }
    }
    // The first tasks of the fresh agent warm up its caches: leave them out of both.
    const a = p(aged.slice(10), 0.5);
    const f = p(fresh.slice(10), 0.5);
    return { growth: round(a / f), aged: round(a), fresh: round(f), rss };
  } finally {
    await b.close();
  }
}

/** In a child process: `agents` agents, `tasks` tasks each, drained; the process's RSS in MiB afterwards. */
export async function rssAfter(agents: number, tasks: number): Promise<number> {
  const b = await setup(agents);
  try {
    for (const name of b.names) appendFileSync(path.join(b.dir, 'agents', name, 'queue.md'), Array.from({ length: tasks }, (_, i) => block(`${name}-r${i}`)).join(''));
    await b.runtime.drain();
    return mib(process.memoryUsage().rss);
  } finally {
    await b.close();
  }
}
