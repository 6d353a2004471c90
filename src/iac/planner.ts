// The planning step: one model call decomposes a task; each subtask goes to the best agent by
// card with `after:` across agents; a join task (with the root's id) waits on them all and
// receives their results. The plan and each result are committed in shared/iac/plans/<root>/.
import { stringify } from 'yaml';
import type { ModelSettings } from '../config/index.ts';
import { generateStructured } from '../models/index.ts';
import type { FileChange, NewTask, QueueTask } from '../store/index.ts';
import { planLevels, PlanReply } from './plan.ts';

export const PLANS_DIR = 'iac/plans';

export async function askForPlan(model: ModelSettings, task: NewTask, agents: string[], signal?: AbortSignal): Promise<PlanReply> {
  const prompt = [
    `# Plan ${task.id}`, '', task.task.trim(), '',
    `Decompose this into at most 12 subtasks with dependencies (a DAG). Agents available: ${agents.join(', ')}.`,
    'Give each a capability (domain words) so the right agent takes it. The results are joined at the end.',
  ].join('\n');
  const r = await generateStructured(model, { system: 'You plan work for a team of AI agents.', prompt, schema: PlanReply, abortSignal: signal });
  return r.value;
}

export interface PlannedTask {
  agent: string;
  task: NewTask;
}

/** Subtasks as queue tasks (ids prefixed by the root's), plus the join task under the root's id. */
export function planTasks(root: NewTask, plan: PlanReply, assign: (s: PlanReply['subtasks'][number]) => string, joinAgent: string): { tasks: PlannedTask[]; levels: string[][]; record: FileChange } {
  const levels = planLevels(plan.subtasks);
  const idOf = (id: string) => `${root.id}.${id}`;
  // Queued level by level: a task is appended only after every task it waits for (`after:` on an
  // id no queue holds yet would be dead-lettered as unknown).
  const order = new Map(levels.flat().map((id, i) => [id, i]));
  const sorted = [...plan.subtasks].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const tasks: PlannedTask[] = sorted.map((s) => ({
    agent: assign(s),
    task: {
      id: idOf(s.id), task: s.task, priority: root.priority, created: root.created,
      ...(s.after.length ? { after: s.after.map(idOf) } : {}),
      extra: { plan: root.id },
    },
  }));
  const all = tasks.map((t) => t.task.id);
  tasks.push({
    agent: joinAgent,
    task: {
      id: root.id, priority: root.priority, created: root.created, after: all, extra: { join: all },
      task: `${root.task.trim()}\n\nJoin the results of the subtasks (given below when this task starts) into one answer.`,
    },
  });
  const front = { root: root.id, levels: levels.map((l) => l.map(idOf)), subtasks: tasks.map((t) => ({ id: t.task.id, agent: t.agent, after: t.task.after ?? [] })) };
  const record: FileChange = { op: 'write', path: `${PLANS_DIR}/${root.id}/plan.md`, content: `---\n${stringify(front)}---\n# Plan ${root.id}\n\n${root.task.trim()}\n` };
  return { tasks, levels, record };
}

export function resultChange(task: QueueTask, agent: string, response: string, commit: string): FileChange {
  const front = { task: task.id, agent, commit };
  return { op: 'write', path: `${PLANS_DIR}/${String(task.extra?.plan)}/${task.id}.md`, content: `---\n${stringify(front)}---\n${response.trim()}\n` };
}

/** The join task's text with each subtask's result appended. */
export function joinText(task: QueueTask, results: Map<string, string | undefined>): string {
  const parts = [...results].map(([id, r]) => `## Result of ${id}\n\n${r?.trim() || '(no result recorded)'}`);
  return `${task.task.trim()}\n\n${parts.join('\n\n')}`;
}
