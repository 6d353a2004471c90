// Putting tasks into the agents' BullMQ queues: one job per task (job id = task id, so a task added
// twice is one job), its priority, attempts and backoff; refusal past the agent's depth
// (backpressure, counted in Redis across workers) and for an id the queue holds already.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AgentOsError } from '../errors.ts';
import { QueueFullError } from '../iac/index.ts';
import type { NewTask } from '../store/index.ts';
import { ClusterError } from './errors.ts';
import { jobData } from './job-data.ts';
import { jobIdOf, keys, PRIORITY, queueName, TASK_JOB } from './keys.ts';
import type { ClusterOptions } from './options.ts';
import { clientConnection, connect, unavailable, withTimeout } from './redis.ts';

/** What a worker registers for each agent it serves: the CLI checks names and depth against it. */
/** The done key's value for a dead-lettered task: `<agent> dead-letter`. */
const DEAD_LETTERED = 'dead-letter';

export interface AgentEntry {
  depth: number;
  throughputClass: string;
  retryAfterSeconds: number;
}

type Opts = Pick<ClusterOptions, 'redisUrl' | 'prefix' | 'attempts' | 'backoffMs' | 'keepCompleted' | 'redisTimeoutMs' | 'doneTtlSeconds'>;

export class Producer {
  readonly redis: Redis;
  private readonly o: Opts;
  private readonly queues = new Map<string, Queue>();

  constructor(o: Opts) {
    this.o = o;
    this.redis = clientConnection(o.redisUrl, o.redisTimeoutMs);
    this.redis.on('error', () => {}); // reported by the caller's command failing (and by RedisHealth)
  }

  async open(): Promise<void> {
    await connect(this.redis, this.o.redisUrl, this.o.redisTimeoutMs);
  }

  queue(agent: string): Queue {
    let q = this.queues.get(agent);
    if (!q) {
      q = new Queue(queueName(agent), { connection: this.redis, prefix: this.o.prefix });
      q.on('error', () => {});
      this.queues.set(agent, q);
    }
    return q;
  }

  /** Runs a Redis step within the timeout; an outage becomes REDIS_UNAVAILABLE at once, not a hang. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    const st = this.redis.status;
    if (st === 'wait' || st === 'connecting' || st === 'connect') await this.open();
    else if (st !== 'ready') throw unavailable(this.o.redisUrl, new Error(`connection ${st}`));
    try {
      return await withTimeout(fn(), this.o.redisTimeoutMs, this.o.redisUrl);
    } catch (err) {
      if (AgentOsError.isInstance(err)) throw err;
      if (this.redis.status !== 'ready') throw unavailable(this.o.redisUrl, err);
      throw err;
    }
  }

  async registry(): Promise<Map<string, AgentEntry>> {
    const raw = await this.call(() => this.redis.hgetall(keys.agents(this.o.prefix)));
    return new Map(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v) as AgentEntry]));
  }

  async register(agents: Map<string, AgentEntry>): Promise<void> {
    if (!agents.size) return;
    await this.call(() => this.redis.hset(keys.agents(this.o.prefix), Object.fromEntries([...agents].map(([k, v]) => [k, JSON.stringify(v)]))));
  }

  /** Tasks waiting, delayed or running for the agent (what backpressure counts). */
  async depth(agent: string): Promise<number> {
    const c = await this.call(() => this.queue(agent).getJobCounts('wait', 'prioritized', 'delayed', 'active'));
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  /** One task into the agent's queue; refused when the queue is at its depth or holds the id. */
  async submit(agent: string, task: NewTask, entry: AgentEntry | undefined): Promise<void> {
    const jobId = jobIdOf(task.id);
    const q = this.queue(agent);
    const existing = await this.call(() => q.getJob(jobId));
    if (existing) {
      const state = await this.call(() => existing.getState());
      throw new ClusterError('E_DUPLICATE_TASK', `task id "${task.id}" is in agent "${agent}"'s queue already (${state}); choose a unique id`);
    }
    if (entry) {
      const depth = await this.depth(agent);
      if (depth + 1 > entry.depth) throw new QueueFullError(agent, depth, entry.depth, entry.throughputClass, entry.retryAfterSeconds);
    }
    await this.add(agent, [task]);
  }

  /** Adds tasks with no checks (queue.md's, already accepted there); an id the queue holds is skipped. Returns how many were new. */
  async add(agent: string, tasks: NewTask[]): Promise<number> {
    const q = this.queue(agent);
    let added = 0;
    for (const t of tasks) {
      const jobId = jobIdOf(t.id);
      if (await this.call(() => q.getJob(jobId))) continue;
      await this.call(() => q.add(TASK_JOB, jobData(agent, t), {
        jobId,
        priority: PRIORITY[t.priority ?? 'normal'],
        attempts: this.o.attempts,
        backoff: { type: 'exponential', delay: this.o.backoffMs },
        removeOnComplete: { count: this.o.keepCompleted },
        removeOnFail: false,
      }));
      added++;
    }
    return added;
  }

  /** Remembers task ids as done (or dead-lettered) for `after:` across agents (expiring; git history answers for older ones). */
  async markDone(agent: string, taskId: string, deadLettered = false): Promise<void> {
    await this.call(() => this.redis.set(keys.done(this.o.prefix, taskId), deadLettered ? `${agent} ${DEAD_LETTERED}` : agent, 'EX', this.o.doneTtlSeconds));
  }

  /** Of these ids, which no worker has reported done yet, and which were dead-lettered (never met). */
  async dependencies(ids: string[]): Promise<{ pending: string[]; failed: string[] }> {
    if (!ids.length) return { pending: [], failed: [] };
    const got = await this.call(() => this.redis.mget(ids.map((id) => keys.done(this.o.prefix, id))));
    return { pending: ids.filter((_, i) => got[i] === null), failed: ids.filter((_, i) => got[i]?.endsWith(` ${DEAD_LETTERED}`)) };
  }

  async close(): Promise<void> {
    for (const q of this.queues.values()) await q.close().catch(() => {});
    this.queues.clear();
    this.redis.disconnect();
  }
}
