// Planning (seed 004): a task decomposed into subtasks with dependencies, checked to be a DAG
// and ordered into levels (each level's tasks can run at once, across agents). Pure rules.
import { AgentOsError } from '../errors.ts';
import { z } from 'zod';

export const PlanReply = z.object({
  subtasks: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/).describe('short lowercase id, unique in the plan'),
        task: z.string().min(1).max(4000).describe('the subtask, self-contained'),
        capability: z.string().max(200).nullable().describe('what the agent doing it must know (domain words), or null'),
        after: z.array(z.string()).describe('ids of subtasks whose results it needs'),
      }),
    )
    .min(1)
    .max(12),
});
export type PlanReply = z.infer<typeof PlanReply>;

export class PlanError extends AgentOsError<'BAD_PLAN'> {
  constructor(message: string) {
    super('BAD_PLAN', `the plan cannot run: ${message}`);
  }
}

/** Kahn's algorithm by levels; throws PlanError on a duplicate id, an unknown dependency or a cycle. */
export function planLevels(subtasks: PlanReply['subtasks']): string[][] {
  const ids = new Set<string>();
  for (const s of subtasks) {
    if (ids.has(s.id)) throw new PlanError(`duplicate subtask id "${s.id}"`);
    ids.add(s.id);
  }
  for (const s of subtasks) for (const d of s.after) if (!ids.has(d)) throw new PlanError(`"${s.id}" waits on "${d}", which is not in the plan`);
  const levels: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < subtasks.length) {
    const level = subtasks.filter((s) => !placed.has(s.id) && s.after.every((d) => placed.has(d))).map((s) => s.id);
    if (level.length === 0) throw new PlanError(`a dependency cycle among ${subtasks.filter((s) => !placed.has(s.id)).map((s) => s.id).join(', ')}`);
    for (const id of level) placed.add(id);
    levels.push(level);
  }
  return levels;
}
