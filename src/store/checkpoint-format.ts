// The act loop of one task on disk: a task paused for a person
// (DATA/.agentos/approvals/<agent>/<task>.checkpoint.json) and the step checkpoint written after
// every model step and tool call (DATA/.agentos/checkpoints/<agent>/<task>.json) share this format.
// The version is checked before the schema (missing → not ours; newer → upgrade AgentOS), zod
// validates the shape, and an older version is migrated here, in one place. Writers stamp
// CHECKPOINT_VERSION. Changelog:
//   v1 — a paused act loop: system, messages, requests, records, usage.
//   v2 — the step state: phase, updated, steps, seq (writes so far), resumedSeq, exchanges (replay
//        lines the state accounts for), the open step (the model's answer whose tool calls run now,
//        each call's intent before it runs and its result after) and, for a pause not yet handed to
//        the approval store, the pending actions.
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import { AgentOsError } from '../errors.ts';

export const CHECKPOINT_VERSION = 2;
export const SUPPORTED_CHECKPOINT_VERSIONS: readonly number[] = [1, 2];

export type CheckpointErrorCode = 'CHECKPOINT_CORRUPT' | 'CHECKPOINT_NEWER';

export class CheckpointError extends AgentOsError<CheckpointErrorCode> {}

const iso = z.string().min(1);

export const CheckpointRequestSchema = z.object({
  id: z.string().regex(/^apr-[0-9a-f]{6,32}$/),
  kind: z.enum(['approve', 'choose', 'context', 'label']),
  agent: z.string().min(1),
  task: z.string().min(1),
  tool: z.string().optional(),
  args: z.string().optional(),
  question: z.string().optional(),
  options: z.array(z.string()).optional(),
  toolCallId: z.string().optional(),
  approvalId: z.string().optional(),
  created: iso,
  expires: iso,
  version: z.literal(1).optional(),
});

const RecordSchema = z.object({
  name: z.string(), ms: z.number(), ok: z.boolean(), bytes: z.number(),
  agent: z.string().optional(), error: z.string().optional(), args: z.string().optional(),
  exit: z.number().nullable().optional(), approval: z.string().optional(),
});

// The AI SDK validates messages when the loop resumes; here: objects with a role.
const MessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']) }).loose();
const Usage = z.object({ inputTokens: z.number().min(0), outputTokens: z.number().min(0) });

const CheckpointV1 = z.object({
  version: z.literal(1),
  agent: z.string().min(1),
  task: z.string().min(1),
  created: iso,
  system: z.string(),
  messages: z.array(MessageSchema),
  requests: z.array(CheckpointRequestSchema),
  records: z.array(RecordSchema),
  usage: Usage,
});

const CallSchema = z.strictObject({
  toolCallId: z.string().min(1),
  tool: z.string().min(1),
  input: z.unknown(),
  /** started: the intent is on disk, the call may have run; done: its result is on disk too. */
  state: z.enum(['started', 'done']),
  started: iso,
  ended: iso.optional(),
  /** The result as the model reads it (the tool's model output), once done. */
  output: z.unknown().optional(),
});

const PendingSchema = z.strictObject({
  kind: z.enum(['approval', 'client']),
  toolCallId: z.string().min(1),
  toolName: z.string(),
  input: z.unknown(),
  approvalId: z.string().optional(),
  note: z.string().optional(),
});

const CheckpointV2 = CheckpointV1.extend({
  version: z.literal(2),
  updated: iso,
  /** running: a step checkpoint; paused: the loop waits for a person. */
  phase: z.enum(['running', 'paused']),
  /** Model steps finished (their tool calls included). */
  steps: z.int().min(0),
  /** Writes of this checkpoint so far: progress, for crash accounting. */
  seq: z.int().min(0),
  /** `seq` when the task last resumed from this checkpoint. */
  resumedSeq: z.int().min(0).optional(),
  /** Replay exchanges recorded when this state was written (later ones are void on resume). */
  exchanges: z.int().min(0),
  /** The step in progress: the model's answer (absent when the calls come from approvals) and its calls. */
  open: z.strictObject({ assistant: MessageSchema.optional(), calls: z.array(CallSchema) }).optional(),
  /** A pause not yet handed to the approval store (step checkpoints only). */
  pending: z.array(PendingSchema).optional(),
});

export type CheckpointRequest = z.infer<typeof CheckpointRequestSchema>;
export type CheckpointRecord = z.infer<typeof RecordSchema>;
export type CheckpointCall = z.infer<typeof CallSchema>;
export type CheckpointPending = z.infer<typeof PendingSchema>;

/** The current version (2), as every reader returns it and every writer writes it. */
export interface Checkpoint extends Omit<z.infer<typeof CheckpointV2>, 'messages' | 'open' | 'requests'> {
  messages: ModelMessage[];
  requests: CheckpointRequest[];
  open?: { assistant?: ModelMessage; calls: CheckpointCall[] };
}

/** Throws CHECKPOINT_CORRUPT (not an object, no version) or CHECKPOINT_NEWER (a newer AgentOS wrote it). */
export function checkFormatVersion(json: unknown, file: string, required: boolean): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CheckpointError('CHECKPOINT_CORRUPT', `${file}: not a JSON object`);
  const v = (json as { version?: unknown }).version;
  if (v === undefined && !required) return;
  if (typeof v !== 'number') throw new CheckpointError('CHECKPOINT_CORRUPT', `${file}: no numeric "version": not an AgentOS checkpoint`);
  if (!SUPPORTED_CHECKPOINT_VERSIONS.includes(v)) {
    const newer = v > CHECKPOINT_VERSION;
    throw new CheckpointError(newer ? 'CHECKPOINT_NEWER' : 'CHECKPOINT_CORRUPT', `${file}: version ${v} ${newer ? 'is from a newer AgentOS' : 'is not supported'} (this one reads ${SUPPORTED_CHECKPOINT_VERSIONS.join(', ')})${newer ? '; upgrade AgentOS to resume this task' : ''}`);
  }
}

export function parseFormat<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CheckpointError('CHECKPOINT_CORRUPT', `${file}: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  return r.data;
}

/** A label request file (an approval asked before a task ran): the version, then the shape. */
export function readCheckpointRequest(json: unknown, file: string): CheckpointRequest {
  checkFormatVersion(json, file, false);
  return parseFormat(CheckpointRequestSchema, json, file);
}

/** v1 was written only for a paused task: it becomes a paused v2 with no step state. */
function fromV1(cp: z.infer<typeof CheckpointV1>): z.infer<typeof CheckpointV2> {
  return { ...cp, version: 2, updated: cp.created, phase: 'paused', steps: 0, seq: 0, exchanges: 0 };
}

/** Any supported version, as version 2. */
export function readCheckpoint(json: unknown, file: string): Checkpoint {
  checkFormatVersion(json, file, true);
  const v = (json as { version: number }).version;
  const cp = v === 1 ? fromV1(parseFormat(CheckpointV1, json, file)) : parseFormat(CheckpointV2, json, file);
  return cp as unknown as Checkpoint;
}
