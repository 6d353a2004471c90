// One record per tool call for the task record: which tool, how long, whether it
// worked, how many bytes. Generic over any ToolSet, so tools added later (shell, MCP)
// are recorded the same way by wrapping them with recordCalls.
import type { ToolSet } from 'ai';
import { isToolErrorResult } from './errors.ts';
import { wrapToolExecutes } from '../models/index.ts';

export interface ToolCallRecord {
  name: string;
  /** Wall time of the call, rounded to whole milliseconds. */
  ms: number;
  /** False when the tool threw or returned an `{ error }` result. */
  ok: boolean;
  /** File bytes read or written when the result says (`bytes`), else the result's JSON size. */
  bytes: number;
  /** The agent whose tool it was, when known. */
  agent?: string;
  /** The error code (e.g. PATH_ESCAPE) of a failed call. */
  error?: string;
  /** The arguments as JSON, secrets redacted, clipped (set by the registry). */
  args?: string;
  /** A command's exit status (shell). */
  exit?: number | null;
  /** Who let the call run when it needed approval ('person: reason'), or 'denied: reason'. */
  approval?: string;
}

export type OnToolCall = (record: ToolCallRecord) => void;

export function resultBytes(value: unknown): number {
  const b = (value as { bytes?: unknown } | null)?.bytes;
  if (typeof b === 'number' && Number.isFinite(b) && b >= 0) return b;
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return 0;
  }
}

/** Wraps each tool's execute so every call reaches `onCall`; results and throws pass through unchanged. */
export function recordCalls(tools: ToolSet, onCall: OnToolCall, agent?: string): ToolSet {
  return wrapToolExecutes(tools, async (name, call) => {
    const start = performance.now();
    const emit = (ok: boolean, bytes: number, error?: string) => {
      const rec: ToolCallRecord = { name, ms: Math.round(performance.now() - start), ok, bytes };
      if (agent !== undefined) rec.agent = agent;
      if (error !== undefined) rec.error = error;
      try {
        onCall(rec);
      } catch {
        // a broken recorder must not fail the agent's tool call
      }
    };
    let value: unknown;
    try {
      value = await call();
    } catch (e) {
      emit(false, 0, (e as { code?: unknown })?.code?.toString() ?? 'THROWN');
      throw e;
    }
    const failed = isToolErrorResult(value);
    emit(!failed, failed ? 0 : resultBytes(value), failed ? String((value as { code?: unknown }).code ?? 'ERROR') : undefined);
    return value;
  });
}
