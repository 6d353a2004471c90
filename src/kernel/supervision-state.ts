// The watchdog's state file, DATA/.agentos/supervision/<agent>.json: the current streaks, the
// pause (which survives a restart) and a resume mark left by `agentos resume`. Versioned (v1,
// pinned by fixtures/supervision/); a reader refuses a newer version by keeping the agent paused
// with a message to upgrade, and moves an unreadable file aside (the agent runs, streaks restart).
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { runtimeDir, writeFileAtomic } from '../store/index.ts';
import { EMPTY_STREAKS } from './supervision-rules.ts';

/** v1: { v, agent, streaks: { negative, deadLetter }, paused, resume }. */
export const SUPERVISION_VERSION = 1;

const iso = z.string().min(1);
const StateV1 = z.strictObject({
  v: z.literal(1),
  agent: z.string().min(1),
  streaks: z.strictObject({
    negative: z.array(z.string()).max(1000),
    deadLetter: z.array(z.strictObject({ task: z.string(), why: z.string(), reason: z.string() })).max(1000),
  }),
  paused: z.strictObject({
    reason: z.string(),
    streak: z.enum(['negative_reward', 'dead_letter']),
    count: z.int().min(0),
    tasks: z.array(z.string()),
    at: iso,
    request: z.string().optional(),
  }).nullable(),
  resume: z.strictObject({ by: z.string().min(1), at: iso }).nullable(),
});

export type SupervisionState = z.infer<typeof StateV1>;

export function supervisionPath(dataDir: string, agent: string): string {
  return path.join(runtimeDir(dataDir), 'supervision', `${agent}.json`);
}

export function freshState(agent: string): SupervisionState {
  return { v: 1, agent, streaks: EMPTY_STREAKS, paused: null, resume: null };
}

/** The state (fresh when there is none), and a problem a person should hear of. */
export async function readSupervision(file: string, agent: string): Promise<{ state: SupervisionState; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: freshState(agent) };
    throw e;
  }
  const parsed = parseSupervision(text, file);
  if (parsed.state) return { state: parsed.state };
  if (parsed.newer) {
    // Never run an agent a newer AgentOS paused: stay paused, say why.
    const reason = `${parsed.problem}; the agent stays paused until an AgentOS that reads it resumes it`;
    return { state: { ...freshState(agent), paused: { reason, streak: 'negative_reward', count: 0, tasks: [], at: new Date().toISOString() } }, problem: reason };
  }
  const aside = `${file}.corrupt-${Date.now()}`;
  await rename(file, aside).catch(() => {});
  return { state: freshState(agent), problem: `${parsed.problem}; moved to ${path.basename(aside)}, the watchdog starts afresh` };
}

/** Parses a state file's text: its state, or the problem (and whether a newer AgentOS wrote it). */
export function parseSupervision(text: string, file: string): { state?: SupervisionState; problem?: string; newer?: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { problem: `${file}: not JSON: ${(e as Error).message}` };
  }
  const v = (json as { v?: unknown } | null)?.v;
  if (typeof v !== 'number') return { problem: `${file}: no numeric "v": not a supervision state file` };
  if (v > SUPERVISION_VERSION) return { problem: `${file}: version ${v} is from a newer AgentOS (this one reads ${SUPERVISION_VERSION}); upgrade`, newer: true };
  const r = StateV1.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { problem: `${file}: ${i.path.join('.') || '(top)'}: ${i.message}` };
  }
  return { state: r.data };
}

export async function writeSupervision(file: string, state: SupervisionState, durable: boolean): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 1)}\n`, { fsync: durable });
}
