// The supervise request file, <request-id>.supervise.json: an agent paused by its watchdog
// (kernel/supervision.ts) waits for a person. Changelog: v1 — id, kind, agent, task (the streak's
// last), question (why it paused, how to resume), streak { kind, count, tasks }, created, expires.
// The version is required and checked before the schema; a newer one is refused with "upgrade".
import { z } from 'zod';
import { ApprovalError } from './errors.ts';
import type { ApprovalRequest } from './types.ts';

export const SUPERVISE_VERSION = 1;

const SuperviseV1 = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(/^apr-[0-9a-f]{6,32}$/),
  kind: z.literal('supervise'),
  agent: z.string().min(1),
  task: z.string().min(1),
  question: z.string().min(1).max(8000),
  streak: z.strictObject({ kind: z.enum(['negative_reward', 'dead_letter']), count: z.int().min(0), tasks: z.array(z.string()).max(1000) }),
  created: z.string().min(1),
  expires: z.string().min(1),
});

export type SuperviseFile = z.infer<typeof SuperviseV1>;

export function readSuperviseRequest(json: unknown, file: string): ApprovalRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ApprovalError('CORRUPT', `${file}: not a JSON object`);
  const v = (json as { version?: unknown }).version;
  if (typeof v !== 'number') throw new ApprovalError('CORRUPT', `${file}: no numeric "version": not an AgentOS supervise request`);
  if (v > SUPERVISE_VERSION) throw new ApprovalError('FORMAT_NEWER', `${file}: version ${v} is from a newer AgentOS (this one reads ${SUPERVISE_VERSION}); upgrade AgentOS to answer it`);
  const r = SuperviseV1.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ApprovalError('CORRUPT', `${file}: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  const { version: _v, ...req } = r.data;
  return req;
}

/** The file's JSON for a request (always the current version). */
export function superviseJson(req: ApprovalRequest & { streak: NonNullable<ApprovalRequest['streak']> }): SuperviseFile {
  return { version: SUPERVISE_VERSION, id: req.id, kind: 'supervise', agent: req.agent, task: req.task, question: req.question ?? '', streak: req.streak, created: req.created, expires: req.expires };
}
