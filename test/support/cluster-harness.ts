// A cluster for tests: a real redis-server per test file (no persistence unless asked, a temp
// dir, a free port), a bare git remote made by `agentos remote init`, and workers either in this
// process (openSystem with the cluster intake) or as child processes (`agentos run --redis`).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { clusterOptions, initRemote, type ClusterOptions } from '../../src/cluster/index.ts';
import { openSystem, type System } from '../../src/compose/index.ts';
import type { ScriptedServer } from '../../src/models/index.ts';
import { silentLogger, type Logger } from '../../src/telemetry/index.ts';
import { modelSettings } from './harness.ts';
import { TEST_TOKEN } from './api.ts';

const execFileP = promisify(execFile);

export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'agentos.js');

/** Why the cluster tests cannot run here, or false. */
export const noRedis: string | false = spawnSync('redis-server', ['--version']).error ? 'redis-server is not installed (Debian: apt-get install redis-server)' : false;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL (what a crash does); with `persist`, acknowledged writes survive it (appendfsync always). */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One redis-server on a free port in a temp dir; `persist` turns on the AOF (for restart tests). */
export async function startRedis(o: { persist?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...(o.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const server: RedisServer = {
    url, port, dir,
    async start() {
      child = spawn('redis-server', args, { stdio: 'ignore' });
      const r = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
      r.on('error', () => {});
      try {
        for (let i = 0; ; i++) {
          try {
            await r.connect();
            await r.ping();
            break;
          } catch (err) {
            if (i > 200) throw err;
            r.disconnect();
            await new Promise((res) => setTimeout(res, 25));
          }
        }
      } finally {
        r.disconnect();
      }
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    },
    async stop() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** Agents with room for many tasks (`depth`: the backpressure limit per agent). */
export function agentsYaml(names: string[], depth = 10_000, agentExtra = ''): string {
  return `budgets:\n  rewards: 10000\n  reflections: 1000\niac:\n  backpressure:\n    max_queue_depth_per_agent: ${depth}\nagents:\n${names.map((n) => `  - name: ${n}\n    persona: "Cluster test agent ${n}"\n${agentExtra}`).join('')}`;
}

export interface ClusterFixture {
  root: string;
  seed: string;
  remote: string;
  /** A fresh local data directory for one more worker. */
  workerDir(): string;
  cleanup(): void;
}

/** A seed data directory with these agents, turned into a remote by initRemote. */
export async function makeRemote(names: string[], depth?: number, agentExtra?: string): Promise<ClusterFixture> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'agentos-cluster-'));
  const seed = path.join(root, 'seed');
  const remote = path.join(root, 'remote');
  await import('node:fs/promises').then((f) => f.mkdir(seed, { recursive: true }));
  writeFileSync(path.join(seed, 'agents.yaml'), agentsYaml(names, depth, agentExtra));
  await initRemote(remote, seed);
  let n = 0;
  return { root, seed, remote, workerDir: () => path.join(root, `worker-${++n}`), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Short clocks for tests: leases of `leaseMs`, stall checks four times as often, quick retries. */
export function testOptions(redisUrl: string, remote: string, over: Partial<ClusterOptions> = {}): ClusterOptions {
  const leaseMs = over.lockDurationMs ?? 1500;
  return {
    ...clusterOptions({ redis: redisUrl, remote }, {}),
    prefix: `agentos-test-${randomUUID().slice(0, 8)}`,
    lockDurationMs: leaseMs, stalledIntervalMs: Math.max(100, Math.round(leaseMs / 4)), backoffMs: 100, afterPollMs: 100, approvalPollMs: 200,
    drainIntervalMs: 0, heartbeatMs: 500, stopGraceMs: 5000,
    ...over,
  };
}

/** A worker in this process (without `tools`, no tool runtime: the plain act loop). */
export async function inProcessWorker(dataDir: string, server: ScriptedServer, cluster: ClusterOptions, o: { log?: Logger; tools?: boolean } = {}): Promise<System> {
  const system = await openSystem({ dataDir, model: modelSettings(server, { maxAttempts: 1, timeoutMs: 60_000 }), log: o.log ?? silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, tools: o.tools ? {} : false, cluster, api: { auth: { token: TEST_TOKEN } } });
  await system.runtime.start();
  return system;
}

/** The environment a child worker reads its cluster settings from. */
export function workerEnv(server: ScriptedServer, o: ClusterOptions): NodeJS.ProcessEnv {
  return {
    ...process.env, LLM_BASE_URL: server.url, LLM_MODEL: 'scripted', LLM_API_KEY: 'sk-cluster-test-key', LLM_MAX_ATTEMPTS: '1', LOG_LEVEL: process.env.AGENTOS_TEST_LOG ?? 'error',
    AGENTOS_REDIS_PREFIX: o.prefix, AGENTOS_LEASE_MS: String(o.lockDurationMs), AGENTOS_STALLED_CHECK_MS: String(o.stalledIntervalMs),
    AGENTOS_TASK_BACKOFF_MS: String(o.backoffMs), AGENTOS_AFTER_POLL_MS: String(o.afterPollMs), AGENTOS_DRAIN_MS: String(o.drainIntervalMs),
    AGENTOS_HEARTBEAT_MS: String(o.heartbeatMs), AGENTOS_WORKER_CONCURRENCY: String(o.concurrency), AGENTOS_STOP_GRACE_MS: String(o.stopGraceMs),
  };
}

export function spawnWorker(dataDir: string, server: ScriptedServer, o: ClusterOptions): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, [BIN, 'run', '--redis', o.redisUrl, '--remote', o.remote ?? '', '--data', dataDir, '--no-http'], { env: workerEnv(server, o), stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err = (err + d).slice(-20_000)));
  return Object.assign(child, { stderrText: () => err });
}

/** `<agent>(task|dead-letter): <id>` subjects of a repository's main, oldest first (async: never blocks the workers' event loop). */
export async function recordedTasks(repo: string, agent: string): Promise<string[]> {
  const { stdout } = await execFileP('git', ['-C', repo, 'log', '--reverse', '--format=%s', 'main'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const re = new RegExp(`^${agent}\\((?:task|dead-letter)\\): (\\S+)$`);
  return stdout.split('\n').map((s) => re.exec(s)?.[1]).filter((x): x is string => !!x);
}

export async function git(repo: string, ...args: string[]): Promise<string> {
  return (await execFileP('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** Cleanups run last-registered first, each even when one fails (workers before Redis, Redis before its dir). */
export function cleanups(t: { after: (fn: () => Promise<void>) => void }): (fn: () => unknown) => void {
  const stack: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of stack.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup failed: ${String(err)}\n`);
      }
    }
  });
  return (fn) => void stack.push(fn);
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
