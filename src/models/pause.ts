// A tool loop that must wait for a person: the AI SDK ends generateText with calls that
// have no result — a `tool-approval-request` for a tool marked needsApproval, or a call
// of a tool without execute (answered by a person). ActPausedError carries the messages
// so far, so the loop continues from exactly there once the calls are answered.
import { AgentOsError } from '../errors.ts';
import type { ModelMessage } from 'ai';
import type { Usage } from './types.ts';

export interface PendingAction {
  kind: 'approval' | 'client';
  toolCallId: string;
  toolName: string;
  input: unknown;
  /** For kind 'approval': the id the approval response must name. */
  approvalId?: string;
  /** Why a person is asked, when it is not the tool's policy (e.g. a call whose outcome a crash left unknown). */
  note?: string;
}

export class ActPausedError extends AgentOsError<'ACT_PAUSED'> {
  readonly messages: ModelMessage[];
  readonly pending: PendingAction[];
  readonly usage: Usage;
  constructor(messages: ModelMessage[], pending: PendingAction[], usage: Usage) {
    super('ACT_PAUSED', `the act loop waits for ${pending.length} answer(s) from a person: ${pending.map((p) => p.toolName).join(', ')}`);
    this.messages = messages;
    this.pending = pending;
    this.usage = usage;
  }
}

interface StepLike {
  content: ReadonlyArray<{ type: string; toolCallId?: string; toolName?: string; input?: unknown; approvalId?: string; toolCall?: { toolCallId: string; toolName: string; input: unknown }; invalid?: boolean }>;
}

/** The calls of the last step that wait for a person. */
export function pendingActions(steps: readonly StepLike[]): PendingAction[] {
  const last = steps.at(-1);
  if (!last) return [];
  const answered = new Set(last.content.filter((p) => p.type === 'tool-result' || p.type === 'tool-error').map((p) => p.toolCallId));
  const out: PendingAction[] = [];
  const approvalFor = new Set<string>();
  for (const p of last.content) {
    if (p.type === 'tool-approval-request' && p.toolCall) {
      approvalFor.add(p.toolCall.toolCallId);
      out.push({ kind: 'approval', toolCallId: p.toolCall.toolCallId, toolName: p.toolCall.toolName, input: p.toolCall.input, approvalId: p.approvalId });
    }
  }
  for (const p of last.content) {
    if (p.type === 'tool-call' && !p.invalid && p.toolCallId && !answered.has(p.toolCallId) && !approvalFor.has(p.toolCallId)) {
      out.push({ kind: 'client', toolCallId: p.toolCallId, toolName: p.toolName ?? '', input: p.input });
    }
  }
  return out;
}
