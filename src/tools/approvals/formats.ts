// Reading the approval files with their version: the version is checked before the schema
// (missing → not ours, newer → written by a newer AgentOS: upgrade), then zod validates the
// shape. Writers always stamp CHECKPOINT_VERSION. Changelog: v1 — the paused act loop (system,
// messages, requests, records, usage). Decision and label files predate versioning and read as v1.
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import { ApprovalError } from './errors.ts';
import type { ApprovalRequest, Checkpoint, Decision } from './types.ts';

export const CHECKPOINT_VERSION = 1;
export const SUPPORTED_CHECKPOINT_VERSIONS: readonly number[] = [1];

const iso = z.string().min(1);
const Request = z.object({
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

const Record = z.object({
  name: z.string(), ms: z.number(), ok: z.boolean(), bytes: z.number(),
  agent: z.string().optional(), error: z.string().optional(), args: z.string().optional(),
  exit: z.number().nullable().optional(), approval: z.string().optional(),
});

const CheckpointV1 = z.object({
  version: z.literal(1),
  agent: z.string().min(1),
  task: z.string().min(1),
  created: iso,
  system: z.string(),
  // The AI SDK validates messages when the loop resumes; here: objects with a role.
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']) }).loose()),
  requests: z.array(Request),
  records: z.array(Record),
  usage: z.object({ inputTokens: z.number().min(0), outputTokens: z.number().min(0) }),
});

const DecisionV1 = z.object({
  id: z.string().min(1),
  decision: z.enum(['approved', 'denied']),
  reason: z.string().optional(),
  choice: z.int().min(0).optional(),
  answer: z.string().optional(),
  label: z.string().optional(),
  by: z.string().min(1),
  at: iso,
  version: z.literal(1).optional(),
});

function checkVersion(json: unknown, file: string, required: boolean): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ApprovalError('CORRUPT', `${file}: not a JSON object`);
  const v = (json as { version?: unknown }).version;
  if (v === undefined && !required) return;
  if (typeof v !== 'number') throw new ApprovalError('CORRUPT', `${file}: no numeric "version": not an AgentOS approval file`);
  if (!SUPPORTED_CHECKPOINT_VERSIONS.includes(v)) {
    const newer = v > CHECKPOINT_VERSION;
    throw new ApprovalError(newer ? 'FORMAT_NEWER' : 'CORRUPT', `${file}: version ${v} ${newer ? 'is from a newer AgentOS' : 'is not supported'} (this one reads ${SUPPORTED_CHECKPOINT_VERSIONS.join(', ')})${newer ? '; upgrade AgentOS to resume this task' : ''}`);
  }
}

function parse<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ApprovalError('CORRUPT', `${file}: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  return r.data;
}

export function readCheckpoint(json: unknown, file: string): Checkpoint {
  checkVersion(json, file, true);
  const cp = parse(CheckpointV1, json, file);
  return { ...cp, messages: cp.messages as unknown as ModelMessage[], requests: cp.requests as ApprovalRequest[] };
}

export function readDecision(json: unknown, file: string): Decision {
  checkVersion(json, file, false);
  const { version: _v, ...d } = parse(DecisionV1, json, file);
  return d;
}

export function readLabelRequest(json: unknown, file: string): ApprovalRequest {
  checkVersion(json, file, false);
  const { version: _v, ...r } = parse(Request, json, file);
  return r;
}
