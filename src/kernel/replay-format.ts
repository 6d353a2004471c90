// The replay recording of one task: DATA/.agentos/replay/<agent>/<task>.jsonl, one JSON object a
// line, each with its version `v`. The first line says what the task saw (its queue block, the
// agent's and shared/'s commits, the clock, agents.yaml, the model settings); then one line per
// model exchange (request digest, response, usage, model, tier); `resume` when the task went on
// from a step checkpoint after a crash (exchanges after the first `exchanges` are void: the state
// they led to was lost); `truncated` when the task's size cap was reached; `end` with the commit.
// Readers check `v` first (a newer one: upgrade AgentOS), then the shape with zod. Changelog:
//   v1 — task, exchange, resume, truncated, end.
import { z } from 'zod';
import { AgentOsError } from '../errors.ts';
import type { RecordedResponse, RequestDigest } from '../models/index.ts';

export const REPLAY_VERSION = 1;

export class ReplayFormatError extends AgentOsError<'REPLAY_CORRUPT' | 'REPLAY_NEWER'> {}

const iso = z.string().min(1);
const Digest = z.strictObject({ digest: z.string().min(1), system: z.string(), messages: z.array(z.string()), tools: z.string(), settings: z.string() });

const TaskLine = z.strictObject({
  v: z.literal(1),
  kind: z.literal('task'),
  agent: z.string().min(1),
  /** The queue block as the task ran it (redacted), without its line number. */
  task: z.object({ id: z.string().min(1), task: z.string(), priority: z.enum(['high', 'normal', 'low']), created: z.string() }).loose(),
  /** The agent's HEAD when the task started (the replay's scratch copy starts there). */
  head: z.string(),
  /** shared/'s HEAD then ('' without one). */
  shared: z.string(),
  /** The other agents' HEADs then: retrieval ranks against every agent's documents (optional: added before v1 shipped). */
  agents: z.record(z.string(), z.string()).optional(),
  /** The task's clock (`now` of context, learning and the reward entry). */
  now: iso,
  agents_yaml: z.string(),
  model: z.strictObject({ provider: z.string(), baseURL: z.string(), model: z.string(), maxTokens: z.number(), timeoutMs: z.number(), maxAttempts: z.number(), structured: z.string() }),
  deterministic: z.strictObject({ seed: z.number() }).nullable(),
  at: iso,
});

const ExchangeLine = z.strictObject({
  v: z.literal(1),
  kind: z.literal('exchange'),
  n: z.int().min(1),
  at: iso,
  purpose: z.string().optional(),
  tier: z.string().optional(),
  provider: z.string(),
  model: z.string(),
  request: Digest,
  response: z.strictObject({ content: z.array(z.object({ type: z.string() }).loose()), finishReason: z.object({ unified: z.string() }).loose(), usage: z.object({}).loose(), modelId: z.string().optional() }),
  ms: z.number().min(0),
});

const ResumeLine = z.strictObject({ v: z.literal(1), kind: z.literal('resume'), at: iso, exchanges: z.int().min(0) });
const TruncatedLine = z.strictObject({ v: z.literal(1), kind: z.literal('truncated'), at: iso, reason: z.string() });
const EndLine = z.strictObject({ v: z.literal(1), kind: z.literal('end'), at: iso, outcome: z.enum(['task', 'dead-letter']), commit: z.string() });

const Line = z.discriminatedUnion('kind', [TaskLine, ExchangeLine, ResumeLine, TruncatedLine, EndLine]);

export type ReplayTaskLine = z.infer<typeof TaskLine>;
export type ReplayExchangeLine = Omit<z.infer<typeof ExchangeLine>, 'request' | 'response'> & { request: RequestDigest; response: RecordedResponse };
export type ReplayLine = z.infer<typeof Line>;

export interface Recording {
  file: string;
  header: ReplayTaskLine;
  /** The exchanges that led to the task's result, in order (voided ones left out). */
  exchanges: ReplayExchangeLine[];
  end?: z.infer<typeof EndLine>;
  truncated?: string;
  /** Lines that did not read (a torn last line after a crash): skipped, reported. */
  problems: string[];
}

/** One line: the version before the shape; a newer one says to upgrade. */
export function parseReplayLine(json: unknown, where: string): ReplayLine {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ReplayFormatError('REPLAY_CORRUPT', `${where}: not a JSON object`);
  const v = (json as { v?: unknown }).v;
  if (typeof v !== 'number') throw new ReplayFormatError('REPLAY_CORRUPT', `${where}: no numeric "v": not an AgentOS replay line`);
  if (v > REPLAY_VERSION) throw new ReplayFormatError('REPLAY_NEWER', `${where}: version ${v} is from a newer AgentOS (this one reads ${REPLAY_VERSION}); upgrade AgentOS to replay it`);
  const r = Line.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ReplayFormatError('REPLAY_CORRUPT', `${where}: ${i.path.join('.') || 'line'}: ${i.message}`);
  }
  return r.data;
}

/** A whole recording. A torn or malformed line is skipped and reported; no header, or a newer version, throws. */
export function readRecording(text: string, file: string): Recording {
  const problems: string[] = [];
  let header: ReplayTaskLine | undefined;
  let exchanges: ReplayExchangeLine[] = [];
  let end: Recording['end'];
  let truncated: string | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let line: ReplayLine;
    try {
      line = parseReplayLine(JSON.parse(raw), where);
    } catch (e) {
      if (e instanceof ReplayFormatError && e.code === 'REPLAY_NEWER') throw e;
      problems.push(e instanceof ReplayFormatError ? e.message : `${where}: not JSON (a line torn by a crash?)`);
      return;
    }
    if (line.kind === 'task') {
      if (header) problems.push(`${where}: a second task line (ignored)`);
      else header = line;
    } else if (line.kind === 'exchange') exchanges.push(line as ReplayExchangeLine);
    else if (line.kind === 'resume') exchanges = exchanges.slice(0, line.exchanges);
    else if (line.kind === 'truncated') truncated = line.reason;
    else end = line;
  });
  if (!header) throw new ReplayFormatError('REPLAY_CORRUPT', `${file}: no task line: not a replay recording (or its first line was lost)`);
  return { file, header, exchanges, ...(end && { end }), ...(truncated && { truncated }), problems };
}
