// The kernel's intake port over BullMQ: `agentos run --redis` makes the runtime a worker. It serves
// every agent of agents.yaml through one BullMQ worker each (the agent's lease), registers the
// agents and itself in Redis, drains queue.md on a schedule, and stops in an order that loses nothing.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_IAC_POLICY } from '../config/index.ts';
import { maxQueueDepth } from '../iac/index.ts';
import { closeAll, type IntakeHost, type IntakePort } from '../kernel/index.ts';
import { agentPaths, sharedPaths, type NewTask } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import { DRAIN_JOB, keys } from './keys.ts';
import { leaseWorker } from './lease.ts';
import type { ClusterOptions } from './options.ts';
import { Producer, type AgentEntry } from './producer.ts';
import { connect, RedisHealth, withTimeout, workerConnection } from './redis.ts';
import { agentRepoUrl, Clone, sharedRepoUrl } from './remote.ts';
import { SharedSync } from './shared-sync.ts';

export interface ClusterIntakeDeps {
  /** Runs `fn` while no shared/ write of this process runs (the iac hub's shared repository lock). */
  sharedExclusive?: (fn: () => Promise<void>) => Promise<void>;
}

/** What this worker writes to Redis every heartbeat (`agentos status --redis`). */
export interface WorkerBeat {
  v: 1;
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  remote: string | null;
  agents: number;
  running: Record<string, string>;
  /** BullMQ worker ids of this process: the prefix of the lock tokens it holds. */
  bullIds: string[];
  redis: string;
}

export class ClusterIntake implements IntakePort {
  readonly id: string;
  readonly opts: ClusterOptions;
  readonly health: RedisHealth;
  private readonly host: IntakeHost;
  private readonly log: Logger;
  private readonly connection: Redis;
  private readonly producer: Producer;
  private readonly workers: Worker[] = [];
  private readonly clones = new Map<string, Clone>();
  private readonly shared: SharedSync | undefined;
  private readonly running = new Map<string, string>();
  private readonly startedAt = new Date().toISOString();
  private beat: NodeJS.Timeout | undefined;
  private paused = false;
  private stopping = false;
  private closing: Promise<void> | undefined;

  constructor(host: IntakeHost, opts: ClusterOptions, deps: ClusterIntakeDeps = {}) {
    this.host = host;
    this.opts = opts;
    this.log = host.log;
    this.id = opts.workerId ?? `${os.hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
    this.connection = workerConnection(opts.redisUrl);
    this.health = new RedisHealth(this.connection, opts.redisUrl, this.log);
    this.producer = new Producer(opts);
    if (opts.remote) {
      for (const a of host.agents()) this.clones.set(a.name, new Clone(agentPaths(host.dataDir, a.name).root, `agent ${a.name}`, agentRepoUrl(opts.remote, a.name)));
      const chain = { tail: Promise.resolve() };
      const exclusive = deps.sharedExclusive ?? ((fn) => (chain.tail = chain.tail.then(fn, fn)));
      this.shared = new SharedSync(new Clone(sharedPaths(host.dataDir).root, 'shared', sharedRepoUrl(opts.remote)), { exclusive, log: this.log, workerId: this.id, pushAttempts: opts.pushAttempts, pullEveryMs: 2000 });
    }
  }

  /** Backpressure (depth counted in Redis), then one job; refused with 503 while Redis is away. */
  async submit(agent: string, task: NewTask): Promise<void> {
    const config = this.host.agents().find((a) => a.name === agent);
    await this.producer.submit(agent, task, config && entryOf(config));
  }

  async start(): Promise<void> {
    await connect(this.connection, this.opts.redisUrl, this.opts.redisTimeoutMs);
    await this.producer.open();
    const agents = this.host.agents();
    await this.producer.register(new Map(agents.map((a) => [a.name, entryOf(a)])));
    for (const a of agents) {
      const q = this.producer.queue(a.name);
      await q.setGlobalConcurrency(1);
      if (this.opts.drainIntervalMs > 0) await q.upsertJobScheduler(DRAIN_JOB, { every: this.opts.drainIntervalMs }, { name: DRAIN_JOB, data: { v: 1, agent: a.name } });
      else await q.removeJobScheduler(DRAIN_JOB);
      this.workers.push(leaseWorker(a.name, this.connection, {
        host: this.host, opts: this.opts, log: this.log, producer: this.producer, shared: this.shared,
        clone: (name) => this.clones.get(name),
        began: (name, what) => this.began(name, what),
        ended: (name) => this.ended(name),
        stopping: () => this.stopping,
      }));
    }
    for (const w of this.workers) void w.run().catch((err: unknown) => this.log.error({ err }, 'a BullMQ worker stopped unexpectedly'));
    await this.heartbeat();
    this.beat = setInterval(() => void this.heartbeat(), this.opts.heartbeatMs);
    this.beat.unref();
    this.log.info({ worker: this.id, agents: agents.length, redis: this.health.describe() }, `cluster worker ${this.id} serving ${agents.length} agent(s)`);
  }

  /** The soft cap: at `concurrency` agents running, this worker's queues stop fetching until one ends. */
  private began(agent: string, what: string): void {
    this.running.set(agent, what);
    if (!this.paused && this.running.size >= this.opts.concurrency) {
      this.paused = true;
      for (const w of this.workers) void w.pause(true);
    }
  }

  private ended(agent: string): void {
    this.running.delete(agent);
    if (this.paused && this.running.size < this.opts.concurrency && !this.stopping) {
      this.paused = false;
      for (const w of this.workers) void w.resume();
    }
  }

  private beatOf(): WorkerBeat {
    return {
      v: 1, id: this.id, host: os.hostname(), pid: process.pid, startedAt: this.startedAt, remote: this.opts.remote ?? null,
      agents: this.workers.length, running: Object.fromEntries(this.running), bullIds: this.workers.map((w) => w.id), redis: this.health.describe(),
    };
  }

  private async heartbeat(): Promise<void> {
    if (!this.health.up) return;
    try {
      await this.connection.set(keys.worker(this.opts.prefix, this.id), JSON.stringify(this.beatOf()), 'PX', this.opts.heartbeatMs * 3);
    } catch (err) {
      this.log.debug({ err }, 'heartbeat not written');
    }
  }

  /**
   * Stops claiming; waits up to stopGraceMs for tasks in flight, then cancels them (each goes
   * back to the front of its queue). `abandon` walks away holding the leases (a crash drill: they
   * expire and other workers take the tasks back). Idempotent; every step runs.
   */
  close(o: { abandon?: boolean } = {}): Promise<void> {
    this.closing ??= closeAll(this.log, 'cluster', [
      ['heartbeat', () => clearInterval(this.beat)],
      ['workers', () => (o.abandon ? Promise.all(this.workers.map((w) => w.close(true))) : this.stopWorkers())],
      ['registration', async () => {
        if (!o.abandon && this.health.up) await withTimeout(this.connection.del(keys.worker(this.opts.prefix, this.id)), this.opts.redisTimeoutMs, this.opts.redisUrl);
      }],
      ['producer', () => this.producer.close()],
      ['connection', () => {
        this.health.quiet();
        this.connection.disconnect();
      }],
    ]);
    return this.closing;
  }

  private async stopWorkers(): Promise<void> {
    this.stopping = true;
    // With Redis away, a polite close would wait for it forever: drop the connections instead.
    const closed = Promise.all(this.workers.map((w) => w.close(!this.health.up)));
    if (await settles(closed, this.opts.stopGraceMs)) return;
    this.log.warn(`tasks still running after ${this.opts.stopGraceMs} ms: cancelled, back to their queues`);
    for (const w of this.workers) w.cancelAllJobs('agentos is stopping');
    if (await settles(closed, this.opts.redisTimeoutMs * 2)) return;
    this.log.warn('Redis did not answer while stopping: connections dropped; the leases expire and other workers take the tasks back');
    await Promise.all(this.workers.map((w) => w.disconnect().catch(() => {})));
    await settles(closed, this.opts.redisTimeoutMs);
  }
}

/** Whether `p` settles within `ms` (its failure is the close step's to report, not this wait's). */
async function settles(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

function entryOf(a: Parameters<typeof maxQueueDepth>[0]): AgentEntry {
  return { depth: maxQueueDepth(a), throughputClass: a.throughputClass ?? 'medium', retryAfterSeconds: (a.iac ?? DEFAULT_IAC_POLICY).retryAfterSeconds };
}

