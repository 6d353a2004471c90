// A task id names one task for good: once an agent has completed or dead-lettered it (its git
// history says so), the same id is refused at intake (409 from the API, exit 8 from the CLI)
// instead of being queued and then silently rejected as "already completed".
import { AgentOsError } from '../errors.ts';
import type { Git } from '../store/index.ts';

/** The commit subjects that close a task: `<agent>(task): <id>` and `<agent>(dead-letter): <id>`. */
const DONE_SUBJECT = /^[^(]+\((task|dead-letter)\): (\S+)$/;

/** The task id a commit subject closes, if it closes one. */
export function doneIdOf(subject: string): string | undefined {
  return DONE_SUBJECT.exec(subject)?.[2];
}

/** The task id a dead-letter commit subject closes (it will never complete), if it is one. */
export function deadLetterIdOf(subject: string): string | undefined {
  const m = DONE_SUBJECT.exec(subject);
  return m?.[1] === 'dead-letter' ? m[2] : undefined;
}

export class TaskIdUsedError extends AgentOsError<'E_DUPLICATE_TASK'> {
  readonly id: string;
  constructor(agent: string, id: string) {
    super('E_DUPLICATE_TASK', `task id ${JSON.stringify(id)} was already used by agent ${agent} (it completed or was dead-lettered: agentos log ${agent}); choose a unique id`);
    this.id = id;
  }
}

/** Whether the agent's history closes task `id` (for callers without a running worker, e.g. the CLI). */
export async function isDoneInHistory(git: Git, agent: string, id: string): Promise<boolean> {
  if (!(await git.isRepo()) || !(await git.hasHead())) return false;
  const out = await git.raw(['log', '--format=%s', '-F', `--grep=${agent}(task): ${id}`, `--grep=${agent}(dead-letter): ${id}`]);
  return out.split('\n').some((s) => doneIdOf(s) === id);
}
