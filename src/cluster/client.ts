// What the CLI does against Redis without being a worker: enqueue a task, read the cluster's status.
import { UnknownAgentError } from '../kernel/index.ts';
import type { NewTask } from '../store/index.ts';
import { ClusterError } from './errors.ts';
import type { ClusterOptions } from './options.ts';
import { Producer } from './producer.ts';
import { redact } from './redis.ts';
import { clusterStatus, type ClusterStatus } from './status.ts';

async function withProducer<T>(o: ClusterOptions, fn: (p: Producer) => Promise<T>): Promise<T> {
  const p = new Producer(o);
  try {
    await p.open();
    return await fn(p);
  } finally {
    await p.close();
  }
}

/** `agentos enqueue --redis URL AGENT "task"`: the agent must be one a worker registered. */
export function enqueueRemote(o: ClusterOptions, agent: string, task: NewTask): Promise<void> {
  return withProducer(o, async (p) => {
    const registry = await p.registry();
    if (!registry.size) throw new ClusterError('CLUSTER_CONFIG', `no agents are registered in Redis at ${redact(o.redisUrl)} (prefix "${o.prefix}"): start a worker first (agentos run --redis URL --remote DIR --data DIR)`);
    const entry = registry.get(agent);
    if (!entry) throw new UnknownAgentError(agent, [...registry.keys()].sort());
    await p.submit(agent, task, entry);
  });
}

export function readClusterStatus(o: ClusterOptions): Promise<ClusterStatus> {
  return withProducer(o, (p) => clusterStatus(p, o.prefix));
}
