// How decisions continue a paused act loop: the checkpoint's messages plus the tool
// message that answers every pending call (merged into a trailing tool message: the AI SDK
// runs only the approvals of the last message) — an approval response for a gated call (the
// AI SDK then runs it, or tells the model it was denied), a tool result for ask_human.
import type { ModelMessage } from 'ai';
import type { Checkpoint, Decision } from './types.ts';

export function resumeMessages(cp: Checkpoint, decisions: Map<string, Decision>): ModelMessage[] {
  const content: Extract<ModelMessage, { role: 'tool' }>['content'] = [];
  for (const r of cp.requests) {
    const d = decisions.get(r.id);
    if (!d) throw new Error(`request ${r.id} has no decision yet`);
    if (r.kind === 'approve') {
      content.push({ type: 'tool-approval-response', approvalId: r.approvalId!, approved: d.decision === 'approved', ...(d.reason && { reason: `${d.decision} by ${d.by}: ${d.reason}` }) });
      continue;
    }
    const value =
      d.decision === 'denied'
        ? { answered: false, reason: d.reason ?? `declined by ${d.by}` }
        : r.kind === 'choose'
          ? { answered: true, choice: d.choice! + 1, option: r.options![d.choice!], ...(d.reason && { note: d.reason }) }
          : { answered: true, answer: d.answer, ...(d.reason && { note: d.reason }) };
    content.push({ type: 'tool-result', toolCallId: r.toolCallId!, toolName: r.tool ?? 'ask_human', output: { type: 'json', value } });
  }
  const last = cp.messages.at(-1);
  if (last?.role === 'tool') return [...cp.messages.slice(0, -1), { role: 'tool', content: [...last.content, ...content] }];
  return [...cp.messages, { role: 'tool', content }];
}

/** What the task's record says about each decided request. */
export function decisionNote(d: Decision): string {
  const what = d.choice !== undefined ? ` (option ${d.choice + 1})` : d.label ? ` (label ${d.label})` : '';
  return `${d.decision} by ${d.by}${what}${d.reason ? `: ${d.reason}` : ''}`;
}
