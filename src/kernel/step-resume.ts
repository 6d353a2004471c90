// Resuming an act loop from its step checkpoint (pure: the kernel reads the file, the AI SDK runs
// the loop). The conversation continues from the last step; the tool calls of the step a crash
// interrupted are settled one by one:
//   done (result on disk)                 → the recorded result is reused, the call is not run again
//   never started                         → it runs now
//   started, no result (outcome unknown)  → reported; an idempotent (read-only) tool runs again,
//                                           any other waits for a person: approve = run it again,
//                                           deny = continue without it
//   gated by the policy, not yet run      → a person decides, as the policy says
//   answered by a person (ask_human)      → asked again
// Calls that run on resume go through the AI SDK's approval path: the assistant message gets an
// approval request (id `resume-<call id>`) and the tool message an approved response, and the tool
// is marked as needing approval for exactly those call ids (forceApproval), so the SDK executes them
// before the next model step, exactly as it runs calls a person approved.
import type { ModelMessage, ToolSet } from 'ai';
import type { PendingAction } from '../models/index.ts';
import type { Checkpoint } from '../store/index.ts';
import type { CallKind } from './act-port.ts';

export interface ResumePlan {
  messages: ModelMessage[];
  /** Call ids whose recorded result is reused. */
  reused: string[];
  /** Never started: run now. */
  run: string[];
  /** Outcome unknown, idempotent: run again. */
  rerun: string[];
  /** Outcome unknown and not idempotent, or gated, or for a person: the loop waits for a person. */
  ask: PendingAction[];
}

export const RESUME_APPROVAL = 'resume-';

type Part = { type: string; toolCallId?: string; toolName?: string; input?: unknown; approvalId?: string; approved?: boolean; providerExecuted?: boolean };
const partsOf = (m: ModelMessage): Part[] => (typeof m.content === 'string' ? [] : (m.content as Part[]));

export function unknownOutcomeNote(tool: string, started: string): string {
  return `outcome unknown: the runtime stopped while this ${tool} call ran (started ${started}, no result recorded), so it may or may not have taken effect. Approve to run it again; deny to continue without it.`;
}

export function planResume(cp: Checkpoint, kindOf: (tool: string) => CallKind): ResumePlan {
  const msgs = [...cp.messages, ...(cp.open?.assistant ? [cp.open.assistant] : [])];
  const plan: ResumePlan = { messages: msgs, reused: [], run: [], rerun: [], ask: [] };
  const a = msgs.findLastIndex((m) => m.role === 'assistant');
  if (a < 0) return plan;
  const assistant = partsOf(msgs[a]);
  const after = msgs.slice(a + 1);
  if (after.some((m) => m.role !== 'tool')) return plan; // the last step ended with an answer, not tool calls
  const later = after.flatMap(partsOf);
  const results = new Map(later.filter((p) => p.type === 'tool-result').map((p) => [p.toolCallId, p]));
  const requests = new Map(assistant.filter((p) => p.type === 'tool-approval-request').map((p) => [p.toolCallId, p.approvalId!]));
  const responses = new Map(later.filter((p) => p.type === 'tool-approval-response').map((p) => [p.approvalId, p.approved === true]));
  const ledger = new Map((cp.open?.calls ?? []).map((c) => [c.toolCallId, c]));

  const newRequests: Part[] = [];
  const toolParts: Part[] = later.filter((p) => p.type === 'tool-result');
  const approvalOf = (id: string) => requests.get(id) ?? `${RESUME_APPROVAL}${id}`;
  const approve = (id: string) => {
    if (!requests.has(id)) newRequests.push({ type: 'tool-approval-request', approvalId: approvalOf(id), toolCallId: id });
    toolParts.push({ type: 'tool-approval-response', approvalId: approvalOf(id), approved: true });
  };
  const ask = (c: Part, note?: string) => {
    if (!requests.has(c.toolCallId!)) newRequests.push({ type: 'tool-approval-request', approvalId: approvalOf(c.toolCallId!), toolCallId: c.toolCallId });
    plan.ask.push({ kind: 'approval', toolCallId: c.toolCallId!, toolName: c.toolName ?? '', input: c.input, approvalId: approvalOf(c.toolCallId!), ...(note && { note }) });
  };

  for (const c of assistant.filter((p) => p.type === 'tool-call' && !p.providerExecuted)) {
    const id = c.toolCallId!;
    if (results.has(id)) continue; // answered before the checkpoint
    const approvalId = requests.get(id);
    const response = approvalId === undefined ? undefined : responses.get(approvalId);
    if (response === false) {
      toolParts.push(later.find((p) => p.type === 'tool-approval-response' && p.approvalId === approvalId)!);
      continue; // a person denied it: the SDK tells the model so
    }
    const entry = ledger.get(id);
    if (entry?.state === 'done') {
      toolParts.push({ type: 'tool-result', toolCallId: id, toolName: c.toolName, output: entry.output } as Part);
      plan.reused.push(id);
      continue;
    }
    const kind = kindOf(c.toolName ?? '');
    if (kind === 'person') {
      plan.ask.push({ kind: 'client', toolCallId: id, toolName: c.toolName ?? '', input: c.input });
      continue;
    }
    if (entry?.state === 'started') {
      if (kind === 'idempotent') {
        approve(id);
        plan.rerun.push(id);
      } else ask(c, unknownOutcomeNote(c.toolName ?? 'tool', entry.started));
      continue;
    }
    // Never started. A gated call runs only with a person's approval (given already, or asked now).
    if (kind === 'gated' && response !== true) ask(c);
    else {
      approve(id);
      plan.run.push(id);
    }
  }
  const head = msgs.slice(0, a);
  const assistantOut = newRequests.length ? { ...msgs[a], content: [...assistant, ...newRequests] } as ModelMessage : msgs[a];
  plan.messages = [...head, assistantOut, ...(toolParts.length ? [{ role: 'tool', content: toolParts } as ModelMessage] : [])];
  return plan;
}

/** Call ids the runtime approved for a resumed run (their approval ids carry RESUME_APPROVAL). */
export function forcedCalls(messages: readonly ModelMessage[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const m of messages ?? []) {
    if (m.role !== 'assistant') continue;
    for (const p of partsOf(m)) if (p.type === 'tool-approval-request' && p.approvalId?.startsWith(RESUME_APPROVAL) && p.toolCallId) out.add(p.toolCallId);
  }
  return out;
}

/** Tools that need approval for the forced call ids too (so the SDK runs their approved responses); the rest unchanged. */
export function forceApproval(tools: ToolSet, forced: Set<string>): ToolSet {
  if (forced.size === 0) return tools;
  const out: ToolSet = {};
  for (const [name, t] of Object.entries(tools)) {
    if (typeof t.execute !== 'function') {
      out[name] = t;
      continue;
    }
    const own = t.needsApproval;
    out[name] = {
      ...t,
      needsApproval: async (input: unknown, o: { toolCallId: string; messages: ModelMessage[]; experimental_context?: unknown }) =>
        forced.has(o.toolCallId) || (typeof own === 'function' ? await (own as (i: unknown, x: unknown) => boolean | PromiseLike<boolean>)(input, o) : own === true),
    } as ToolSet[string];
  }
  return out;
}
