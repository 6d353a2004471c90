// OpenAI's response shapes for agents: a model object per agent, a chat.completion and the
// chat.completion.chunk frames of a stream. finish_reason says how the task ended:
//   stop               the task was committed; the content is its answer
//   approval_required  a gated tool call (or a question) waits for a person; the content names the request
//   dead_lettered      the task could not complete; the content says why
//   still_running      the wait ran out (AGENTOS_API_WAIT); the content says where the answer will be
// Every response also carries `agentos` (task id, agent, status, commit, approval ids). Pure.
import type { TaskReply } from '../task-reply.ts';
import type { TaskUsage } from '../task-state.ts';

export type FinishReason = 'stop' | 'approval_required' | 'dead_lettered' | 'still_running';

export interface AgentosExtension {
  task: string;
  agent: string;
  status: 'completed' | 'paused' | 'dead_lettered' | 'running';
  commit?: string;
  approvals?: string[];
  reward?: number;
  truncated?: boolean;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usageOf(u: TaskUsage): Usage {
  return { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output };
}

export function extensionOf(r: TaskReply): AgentosExtension {
  return {
    task: r.task, agent: r.agent, status: r.status,
    ...(r.commit && { commit: r.commit }), ...(r.approvals && { approvals: r.approvals }), ...(r.reward !== undefined && { reward: r.reward }), ...(r.truncated && { truncated: true }),
  };
}

export function finishReasonOf(status: AgentosExtension['status']): FinishReason {
  return status === 'completed' ? 'stop' : status === 'paused' ? 'approval_required' : status === 'dead_lettered' ? 'dead_lettered' : 'still_running';
}

/** The response id names the task, so a client holding it can find the task. */
export function completionId(task: string): string {
  return `chatcmpl-${task}`;
}

export function modelObject(agent: string, created: number, domain: string) {
  return { id: agent, object: 'model' as const, created, owned_by: 'agentos', agentos: { domain } };
}

export function completion(o: { task: string; created: number; model: string; content: string; usage: TaskUsage; agentos: AgentosExtension }) {
  return {
    id: completionId(o.task),
    object: 'chat.completion' as const,
    created: o.created,
    model: o.model,
    choices: [{ index: 0, message: { role: 'assistant' as const, content: o.content, refusal: null }, logprobs: null, finish_reason: finishReasonOf(o.agentos.status) }],
    usage: usageOf(o.usage),
    system_fingerprint: null,
    agentos: o.agentos,
  };
}

export interface ChunkBase {
  task: string;
  created: number;
  model: string;
}

/** One `data:` frame of a stream: a chat.completion.chunk (`usage` only on the closing usage frame). */
export function chunkFrame(b: ChunkBase, delta: { role?: 'assistant'; content?: string }, finish: FinishReason | null, extra: { usage?: Usage; agentos?: AgentosExtension; noChoices?: boolean } = {}): string {
  const body = {
    id: completionId(b.task),
    object: 'chat.completion.chunk' as const,
    created: b.created,
    model: b.model,
    system_fingerprint: null,
    choices: extra.noChoices ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(extra.usage && { usage: extra.usage }),
    ...(extra.agentos && { agentos: extra.agentos }),
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

export const DONE_FRAME = 'data: [DONE]\n\n';
