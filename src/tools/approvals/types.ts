// Human-in-the-loop requests and decisions (seed 002's decision types): approve an
// action, choose an option, provide context, label an outcome. File formats are a
// contract (see fixtures/): checkpoint.json holds a paused task, decision.json the answer.

/** approve: a gated tool call; choose / context: ask_human; label: a finished task's outcome; supervise: resume an agent its watchdog paused. */
export type RequestKind = 'approve' | 'choose' | 'context' | 'label' | 'supervise';

export interface ApprovalRequest {
  id: string;
  kind: RequestKind;
  agent: string;
  task: string;
  /** The tool and its arguments (secrets redacted) for approve; the question for choose/context. */
  tool?: string;
  args?: string;
  question?: string;
  options?: string[];
  /** supervise: the streak that paused the agent (its kind, length and tasks). */
  streak?: { kind: 'negative_reward' | 'dead_letter'; count: number; tasks: string[] };
  /** AI SDK ids, to answer the model's call on resume. */
  toolCallId?: string;
  approvalId?: string;
  created: string;
  expires: string;
}

export interface Decision {
  id: string;
  decision: 'approved' | 'denied';
  reason?: string;
  /** choose: the index (0-based) of the chosen option. */
  choice?: number;
  /** context: the person's answer. */
  answer?: string;
  /** label: the person's label of the outcome (e.g. correct, incorrect, partial). */
  label?: string;
  /** Who decided: cli, api, ttl. */
  by: string;
  at: string;
}

/** A task paused in its act loop, everything needed to continue it (store/checkpoint-format.ts, version 2). */
export type { Checkpoint } from '../../store/index.ts';

export interface RequestView extends ApprovalRequest {
  status: 'pending' | 'decided';
  decision?: Decision;
}
