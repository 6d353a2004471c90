// One validation for every way a task arrives (CLI, HTTP API, demo).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SPECULATE_CEILING } from '../config/index.ts';
import { JudgeSpecs, TASK_ID_RE, type NewTask } from '../store/index.ts';

export const TaskInput = z.strictObject({
  task: z.string().trim().min(1, 'task must not be empty').max(65_536, 'task is longer than 64 KiB'),
  id: z.string().regex(TASK_ID_RE, 'id: letters, digits, ".", "_" or "-", starting with a letter or digit, at most 128').optional(),
  priority: z.enum(['high', 'normal', 'low']).optional(),
  verify: z.string().trim().min(1).max(4096).optional(),
  ttl: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)?$/, 'ttl: seconds, or e.g. 90s, 10m, 2h')]).optional(),
  tags: z.array(z.string().min(1).max(40)).max(20).optional(),
  after: z.array(z.string().regex(TASK_ID_RE)).max(50).optional(),
  /** Judges of this task's result (store/judge-spec.ts), added to the agent's defaults. */
  judges: JudgeSpecs.optional(),
  /** Shared resources the task holds while it runs (semaphores across agents, iac/locks.ts). */
  /** Decompose into subtasks first (POST /tasks only; iac/planner.ts). */
  plan: z.boolean().optional(),
  /** Attempts in forked workspaces, the best passing one merged (speculate.ts); at most the agent's speculation.max. */
  speculate: z.int().min(1).max(SPECULATE_CEILING, `speculate: at most ${SPECULATE_CEILING} attempts`).optional(),
  locks: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'locks: names of letters, digits, ".", "_" or "-"')).max(10).optional(),
});
export type TaskInput = z.infer<typeof TaskInput>;

export function newTask(input: TaskInput, now = new Date()): NewTask {
  const { locks, plan: _plan, speculate, ...rest } = input;
  const extra = { ...(locks?.length && { locks }), ...(speculate !== undefined && { speculate }) };
  return {
    ...rest,
    ...(Object.keys(extra).length ? { extra } : {}),
    id: input.id ?? generateTaskId(input.task, now),
    priority: input.priority ?? 'normal',
    created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Readable and unique: a few words of the task, the time, and random bits. */
export function generateTaskId(task: string, now: Date): string {
  const words = task.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').slice(0, 4).join('-').slice(0, 40) || 'task';
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${words}-${stamp}-${randomBytes(2).toString('hex')}`;
}

export function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
