// A task as it travels in a BullMQ job: versioned, validated on the way out of Redis (a job from
// a newer AgentOS is refused with a clear reason, never guessed at). Pure.
import { z } from 'zod';
import { TASK_ID_RE, type NewTask, type QueueTask } from '../store/index.ts';

export const JOB_VERSION = 1;

const TaskV1 = z.object({
  id: z.string().regex(TASK_ID_RE),
  task: z.string().min(1),
  priority: z.enum(['high', 'normal', 'low']),
  created: z.string(),
  verify: z.string().optional(),
  ttl: z.union([z.string(), z.number()]).optional(),
  tags: z.array(z.string()).optional(),
  after: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

const JobV1 = z.object({ v: z.literal(1), agent: z.string().min(1), task: TaskV1 });
export type JobData = z.infer<typeof JobV1>;

export function jobData(agent: string, t: NewTask): JobData {
  const task: JobData['task'] = { id: t.id, task: t.task, priority: t.priority ?? 'normal', created: t.created ?? new Date().toISOString() };
  if (t.verify !== undefined) task.verify = t.verify;
  if (t.ttl !== undefined) task.ttl = t.ttl;
  if (t.tags?.length) task.tags = t.tags;
  if (t.after?.length) task.after = t.after;
  if (t.extra && Object.keys(t.extra).length) task.extra = t.extra;
  return { v: JOB_VERSION, agent, task };
}

/** The job's task, or why it cannot be read (the caller fails the job for good with that reason). */
export function readJobData(data: unknown, jobId: string): { ok: true; agent: string; task: QueueTask } | { ok: false; reason: string } {
  const v = (data as { v?: unknown } | null)?.v;
  if (typeof v !== 'number') return { ok: false, reason: `job ${jobId}: no "v": not an AgentOS task` };
  if (v > JOB_VERSION) return { ok: false, reason: `job ${jobId}: version ${v} is from a newer AgentOS (this one reads 1..${JOB_VERSION}); upgrade this worker` };
  const parsed = JobV1.safeParse(data);
  if (!parsed.success) return { ok: false, reason: `job ${jobId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  // line 0: the task never stood in queue.md (or left it for BullMQ); dequeuing it there is a no-op.
  return { ok: true, agent: parsed.data.agent, task: { ...parsed.data.task, line: 0 } };
}
