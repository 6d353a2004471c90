// What a client that waited for its task gets back: the answer (from the runtime in process, else
// from the task's commit), or the text that explains a pause, a dead letter or a task still
// running; with the task's token usage from the cost ledger. Used by /v1/chat/completions and MCP.
import type { AgentContext } from '../kernel/index.ts';
import { readTaskMessage } from '../kernel/index.ts';
import type { ApprovalStore, RequestView } from '../tools/index.ts';
import { taskCommit } from './dashboard-data.ts';
import { taskUsage, type TaskUsage } from './task-state.ts';
import { deadLetterText, pausedText, stillRunningText } from './task-text.ts';
import type { TaskOutcome } from './task-watch.ts';

export interface TaskReply {
  status: 'completed' | 'paused' | 'dead_lettered' | 'running';
  agent: string;
  task: string;
  /** The answer, or the explanation (pause, dead letter, still running). */
  text: string;
  usage: TaskUsage;
  commit?: string;
  reward?: number;
  approvals?: string[];
  /** The answer came from the commit, which keeps its first 16 KiB. */
  truncated?: boolean;
}

export async function replyFor(ctx: AgentContext, o: TaskOutcome, approvals?: ApprovalStore): Promise<TaskReply> {
  const base = { agent: o.agent, task: o.task };
  switch (o.status) {
    case 'completed': {
      let text = o.answer;
      let truncated = false;
      if (!text) {
        const c = await taskCommit(ctx, o.task);
        if (c) ({ answer: text, truncated } = readTaskMessage(c.message));
      }
      return { ...base, status: 'completed', text, usage: await taskUsage(ctx.dataDir, o.agent, o.task, o.commit), commit: o.commit, reward: o.reward, ...(truncated && { truncated }) };
    }
    case 'dead_lettered':
      return { ...base, status: 'dead_lettered', text: deadLetterText(o.agent, o.task, o.reason, o.kind), usage: await taskUsage(ctx.dataDir, o.agent, o.task, o.commit), commit: o.commit };
    case 'paused': {
      const views: RequestView[] = approvals ? (await approvals.list(o.agent)).filter((r) => o.requests.includes(r.id)) : [];
      return { ...base, status: 'paused', text: pausedText(o.agent, o.task, views, o.requests), usage: await taskUsage(ctx.dataDir, o.agent, o.task), approvals: o.requests };
    }
    case 'running':
      return { ...base, status: 'running', text: stillRunningText(o.agent, o.task, o.waitedMs), usage: await taskUsage(ctx.dataDir, o.agent, o.task) };
  }
}
