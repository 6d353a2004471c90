// Runtime events: what the HTTP API (SSE /events), metrics, the CLI and the benchmarks observe.
// Events are small: ids, counts and short clipped titles; never a task's full text, an answer
// or a secret (titles and reasons go through redactText and are clipped).
import { EventEmitter } from 'node:events';
import { redactText } from '../telemetry/index.ts';

/** Longest title or reason an event carries. */
export const EVENT_TEXT_MAX = 120;

export type RuntimeEvent =
  | { type: 'task.queued'; agent: string; task: string; title: string; priority: string; source: 'runtime' | 'file' }
  | { type: 'task.started'; agent: string; task: string; at: number; resumed?: boolean }
  | { type: 'task.model'; agent: string; task: string; modelMs: number }
  | {
      type: 'task.completed';
      agent: string;
      task: string;
      reward: number;
      auditScore: number;
      commit: string;
      durationMs: number;
      modelMs: number;
      /** The tier and model that gave the final answer; the routing verdict (model_appropriate). */
      tier?: string;
      model?: string;
      appropriate?: string;
      /** Context tokens of the prompt, retrieved tokens and the retrieval budget. */
      context?: { total: number; used: number; budget: number };
    }
  | { type: 'task.dead_lettered'; agent: string; task: string; reason: string; commit: string; kind?: string }
  | { type: 'task.rejected'; agent: string; task?: string; reason: string }
  | { type: 'task.paused'; agent: string; task: string; requests: string[] }
  | {
      type: 'model.call';
      agent: string;
      task: string;
      tier: string;
      model: string;
      purpose: string;
      ok: boolean;
      ms: number;
      inputTokens: number;
      outputTokens: number;
      costUsd: number | null;
    }
  | { type: 'tool.called'; agent: string; task: string; tool: string; ok: boolean; ms: number; error?: string }
  | { type: 'approval.waiting'; agent: string; task: string; request: string; kind: string; tool?: string }
  | { type: 'approval.decided'; agent: string; task: string; request: string; decision: string; by: string }
  | { type: 'proposal.filed'; agent: string; proposal: string; subject: string }
  | { type: 'proposal.decided'; agent: string; proposal: string; status: string }
  | { type: 'vote.cast'; agent: string; proposal: string; vote: string; decision: string }
  | { type: 'agent.idle'; agent: string }
  | { type: 'agent.paused'; agent: string; reason: string; resumesAt: string }
  | { type: 'agent.resumed'; agent: string; by?: string }
  /** One attempt of a task in a forked workspace (speculate.ts), verified and judged. */
  | { type: 'speculation.attempt'; agent: string; task: string; fork: string; tier: string; passed: boolean }
  /** A task's forks settled: the best passing one merged (its id), or none (every fork dropped). */
  | { type: 'speculation.settled'; agent: string; task: string; attempts: number; merged: string | null }
  /** A revert or rewind committed (rollback.ts): what it undid, how many files it changed. */
  | { type: 'agent.rolled_back'; agent: string; kind: 'revert' | 'rewind'; target: string; commit: string; files: number }
  /** The watchdog paused the agent (supervision.ts): the streak, and the request a person answers. */
  | { type: 'agent.supervised'; agent: string; reason: string; streak: string; count: number; request?: string };

export type RuntimeEventType = RuntimeEvent['type'];

/**
 * A committed task's answer, for in-process listeners only (the OpenAI-compatible endpoint and the
 * MCP server waiting for a task they submitted). Emitted on the separate `answer` channel just
 * before `task.completed`: never streamed, never in metrics or logs. Secrets are redacted as in
 * the commit; unlike the commit (which keeps the first 16 KiB), the answer is whole.
 */
export interface TaskAnswer {
  agent: string;
  task: string;
  commit: string;
  answer: string;
}

export class RuntimeEvents extends EventEmitter<{ event: [RuntimeEvent]; answer: [TaskAnswer] }> {
  constructor() {
    super();
    // Every SSE client of the HTTP API listens through one hub, metrics through one listener.
    this.setMaxListeners(50);
  }

  emitEvent(e: RuntimeEvent): void {
    this.emit('event', e);
  }
}

/** A title or reason as an event may carry it: redacted, one line, clipped. */
export function clipText(text: string, max = EVENT_TEXT_MAX): string {
  const line = redactText(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
