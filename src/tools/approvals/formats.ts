// Reading the approval files with their version. A paused task's checkpoint has the format of
// store/checkpoint-format.ts (shared with the kernel's step checkpoints: v1 migrates to v2 there);
// its errors are mapped to this store's codes. Decision and label files predate versioning and
// read as v1: the version is checked before the schema (missing is fine for them, newer is not).
import { z } from 'zod';
import { hasCode } from '../../errors.ts';
import { readCheckpoint as readAnyCheckpoint, readCheckpointRequest, type Checkpoint } from '../../store/index.ts';
import { ApprovalError } from './errors.ts';
import type { ApprovalRequest, Decision } from './types.ts';

export { CHECKPOINT_VERSION } from '../../store/index.ts';

const iso = z.string().min(1);

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

/** The shared format's errors as approval errors: CORRUPT moves a file aside, FORMAT_NEWER holds its task. */
function mapped<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (hasCode(e, 'CHECKPOINT_NEWER', 'CHECKPOINT_CORRUPT')) throw new ApprovalError(e.code === 'CHECKPOINT_NEWER' ? 'FORMAT_NEWER' : 'CORRUPT', e.message.replace('not an AgentOS checkpoint', 'not an AgentOS approval file'));
    throw e;
  }
}

export function readCheckpoint(json: unknown, file: string): Checkpoint {
  return mapped(() => readAnyCheckpoint(json, file));
}

export function readDecision(json: unknown, file: string): Decision {
  return mapped(() => {
    const { version: _v, ...d } = decisionOf(json, file);
    return d;
  });
}

export function readLabelRequest(json: unknown, file: string): ApprovalRequest {
  return mapped(() => {
    const { version: _v, ...r } = readCheckpointRequest(json, file);
    return r;
  });
}

/** A decision file: missing version reads as v1, a newer one holds its task, then the shape. */
function decisionOf(json: unknown, file: string): z.infer<typeof DecisionV1> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ApprovalError('CORRUPT', `${file}: not a JSON object`);
  const v = (json as { version?: unknown }).version;
  if (v !== undefined && typeof v !== 'number') throw new ApprovalError('CORRUPT', `${file}: no numeric "version": not an AgentOS approval file`);
  if (typeof v === 'number' && v > 1) throw new ApprovalError('FORMAT_NEWER', `${file}: version ${v} is from a newer AgentOS (this one reads 1); upgrade AgentOS to resume this task`);
  const r = DecisionV1.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ApprovalError('CORRUPT', `${file}: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  return r.data;
}
