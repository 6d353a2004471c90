// An inbox message that expired unread (seed 001's comment): archived in shared/ with status
// expired, in its own escalation commit, so a person sees it beside every other agent's.
import { stringify } from 'yaml';
import type { DeadLetterInfo } from '../kernel/index.ts';
import { serializeTask, type FileChange, type QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';

export function escalationChange(agent: string, task: QueueTask, info: DeadLetterInfo, now: Date): FileChange {
  const front = {
    task: task.id, agent, status: 'expired', reason: redactText(info.reason),
    origin: typeof task.extra?.origin === 'string' ? task.extra.origin : null,
    created: task.created, expired_at: now.toISOString(),
  };
  const body = [`# Expired unread: ${task.id} (for ${agent})`, '', 'To retry, append this block to a queue.md again:', '', '```', serializeTask(task).trim(), '```', ''].join('\n');
  return { op: 'write', path: `iac/dead_letters/${agent}-${task.id}.md`, content: `---\n${stringify(front)}---\n${body}` };
}
