// Names in Redis: one BullMQ queue per agent (global concurrency 1 makes its job lock the agent's
// lease), and the cluster's own keys beside them under the same prefix. Pure.

/** BullMQ queue of one agent (queue names may not hold ':'; agent names never do). */
export function queueName(agent: string): string {
  return `agent-${agent}`;
}

export function agentOfQueue(name: string): string | undefined {
  return name.startsWith('agent-') ? name.slice('agent-'.length) : undefined;
}

/** BullMQ refuses an all-digit custom job id; '#' cannot start a task id, so `#42` stays unique. */
export function jobIdOf(taskId: string): string {
  return /^\d+$/.test(taskId) ? `#${taskId}` : taskId;
}

/** The name of the job that drains an agent's queue.md into its queue (a job scheduler, every N ms). */
export const DRAIN_JOB = 'drain-queue-md';
export const TASK_JOB = 'task';

export const keys = {
  /** HASH agent → JSON {depth, domain}: what workers serve; the CLI checks names and depth against it. */
  agents: (prefix: string) => `${prefix}:cluster:agents`,
  /** STRING JSON, expiring: one per live worker (status). */
  worker: (prefix: string, id: string) => `${prefix}:cluster:worker:${id}`,
  workerPattern: (prefix: string) => `${prefix}:cluster:worker:*`,
  /** STRING agent, expiring: a task id completed (or dead-lettered) somewhere, for `after:` across agents. */
  done: (prefix: string, taskId: string) => `${prefix}:cluster:done:${taskId}`,
  /** BullMQ's lock of a job: its value is the holder's token `<bullmq worker id>:<n>`. */
  lock: (prefix: string, agent: string, jobId: string) => `${prefix}:${queueName(agent)}:${jobId}:lock`,
};

/** BullMQ priorities: 1 runs first; 0 (no priority) is the drain job and a job put back after a stall. */
export const PRIORITY = { high: 1, normal: 2, low: 3 } as const;
