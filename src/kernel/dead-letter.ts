// A task that cannot complete leaves the queue with its reason, in its own commit,
// as a record a person can read and re-enqueue: iac/dead_letters/<task-id>.md.
import { stringify } from 'yaml';
import { printable } from '../errors.ts';
import { serializeTask, type ChangeSet, type QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';

export interface DeadLetterInfo {
  reason: string;
  kind: string;
  attempts: number;
}

export function deadLetterChangeSet(agent: string, task: QueueTask, info: DeadLetterInfo, now: Date): ChangeSet {
  const reason = printable(redactText(info.reason), 4000);
  const front = {
    task: task.id,
    agent,
    status: 'dead_letter',
    kind: info.kind,
    reason,
    attempts: info.attempts,
    priority: task.priority,
    created: task.created,
    failed_at: now.toISOString(),
  };
  const body = [
    `# Dead letter: ${task.id}`,
    '',
    `The task could not complete: ${reason}`,
    '',
    'To retry it, fix the cause and append this block to queue.md again (with a new id if you like):',
    '',
    '```',
    serializeTask(task).trim(),
    '```',
    '',
  ].join('\n');
  return {
    message: `${agent}(dead-letter): ${task.id}\n\n${reason}`,
    changes: [{ op: 'write', path: `iac/dead_letters/${task.id}.md`, content: `---\n${stringify(front)}---\n${body}` }],
    dequeue: [task.id],
  };
}
