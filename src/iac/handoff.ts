// A handoff (a pipe between agents): the new task lands in the target's queue.md with its
// origin and a message TTL; shared/iac/handoffs/<id>.md records it with provenance.
import { stringify } from 'yaml';
import { generateTaskId } from '../kernel/index.ts';
import type { FileChange, NewTask, QueueTask } from '../store/index.ts';

export function handoffTask(from: string, task: QueueTask, text: string, ttlSeconds: number, now: Date): NewTask {
  const base = `${task.id}.h`.slice(0, 100);
  return {
    id: `${base}-${generateTaskId('x', now).slice(-4)}`,
    task: text,
    priority: task.priority,
    created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    extra: { origin: `${from}/${task.id}`, handed_at: now.toISOString(), ttl_seconds: ttlSeconds },
  };
}

export function handoffRecord(from: string, to: string, fromTask: string, next: NewTask, now: Date): FileChange {
  const front = { task: next.id, from, from_task: fromTask, to, status: 'handed', handed_at: now.toISOString(), ttl_seconds: next.extra?.ttl_seconds ?? null };
  return { op: 'write', path: `iac/handoffs/${next.id}.md`, content: `---\n${stringify(front)}---\n# Handoff ${fromTask} → ${to}\n\n${next.task.trim()}\n` };
}
