// The act loop's step hooks: what a caller (the kernel's step checkpoints) hears after each model
// step and around each tool call, through the AI SDK's own loop (onStepFinish, the tools' execute,
// the model middleware). Every hook is awaited before the loop goes on; one that throws stops the
// loop with its error: a checkpoint that cannot be written must not let a tool run unrecorded.
import type { ModelMessage, ToolSet } from 'ai';
import { wrapToolExecutes } from './tool-wrap.ts';
import type { Usage } from './types.ts';

export interface ToolCallIntent {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

export interface StepHooks {
  /** A loop starts (fresh, resumed, on a fallback model, a repair turn) from these messages. */
  onLoopStart?(messages: ModelMessage[]): Promise<void>;
  /** A model step is about to start from these messages (results of calls run before it included). */
  onStepStart?(messages: ModelMessage[]): Promise<void>;
  /** The model answered with tool calls; none of them has run yet. */
  onModelStep?(assistant: ModelMessage): Promise<void>;
  /** A tool call is about to run (its intent). */
  beforeTool?(call: ToolCallIntent): Promise<void>;
  /** A tool call ran; `output` is its result as the model reads it. */
  afterTool?(call: ToolCallIntent, output: unknown): Promise<void>;
  /** A step ended, its tool calls included: the whole conversation so far, the step's usage. */
  onStepFinish?(messages: ModelMessage[], usage: Usage): Promise<void>;
}

interface ContentPart {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  providerExecuted?: boolean;
}

/** The assistant message of a model answer that calls tools (text, reasoning, tool calls); undefined when it calls none. */
export function assistantMessage(content: readonly ContentPart[]): ModelMessage | undefined {
  if (!content.some((p) => p.type === 'tool-call' && !p.providerExecuted)) return undefined;
  const parts: Extract<ModelMessage, { role: 'assistant' }>['content'] = [];
  for (const p of content) {
    if (p.type === 'text' && p.text) parts.push({ type: 'text', text: p.text });
    else if (p.type === 'reasoning' && p.text) parts.push({ type: 'reasoning', text: p.text });
    else if (p.type === 'tool-call' && p.toolCallId && p.toolName) parts.push({ type: 'tool-call', toolCallId: p.toolCallId, toolName: p.toolName, input: parseInput(p.input) });
  }
  return { role: 'assistant', content: parts };
}

function parseInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input || '{}');
  } catch {
    return input;
  }
}

/** The result as the AI SDK hands it to the model (its createToolModelOutput, for a result that is not an error). */
async function modelOutput(tool: ToolSet[string], call: ToolCallIntent, output: unknown): Promise<unknown> {
  const to = (tool as { toModelOutput?: (o: { toolCallId: string; input: unknown; output: unknown }) => unknown }).toModelOutput;
  if (to) return await to({ toolCallId: call.toolCallId, input: call.input, output });
  return typeof output === 'string' ? { type: 'text', value: output } : { type: 'json', value: output === undefined ? null : output };
}

/**
 * One loop's hooks: the first failure is kept and aborts the loop (the AI SDK swallows what its
 * callbacks throw, so the loop is stopped through its abort signal and the failure rethrown after).
 */
export class HookRunner {
  readonly hooks: StepHooks;
  failure: unknown;
  readonly #abort = new AbortController();

  constructor(hooks: StepHooks) {
    this.hooks = hooks;
  }

  /** The loop's abort signal: the caller's, or a hook's failure. */
  signal(outer: AbortSignal | undefined): AbortSignal {
    return outer ? AbortSignal.any([outer, this.#abort.signal]) : this.#abort.signal;
  }

  async run(fn: () => Promise<void> | undefined): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    try {
      await fn();
    } catch (e) {
      this.failure ??= e;
      this.#abort.abort(e);
      throw e;
    }
  }

  /** Every executable tool reports its intent before it runs and its result after. */
  wrapTools(tools: ToolSet): ToolSet {
    return wrapToolExecutes(tools, async (name, execute, seen) => {
      const { input, tool } = seen;
      const options = seen.options as { toolCallId?: string; abortSignal?: AbortSignal } | undefined;
      const call = { toolCallId: options?.toolCallId ?? '', toolName: name, input };
      await this.run(() => this.hooks.beforeTool?.(call));
      let value: unknown;
      try {
        value = await execute();
      } catch (e) {
        if (options?.abortSignal?.aborted) throw e; // stopped midway: its outcome stays unknown
        // A tool that throws has still ended: its error is the result the model reads.
        await this.run(() => this.hooks.afterTool?.(call, { type: 'error-text', value: e instanceof Error ? e.message : String(e) }));
        throw e;
      }
      // A call the loop's abort cut short (a stop, a deadline) may or may not have taken effect:
      // no result is recorded, so a resume sees its outcome as unknown.
      if (options?.abortSignal?.aborted) return value;
      const output = await modelOutput(tool, call, value);
      await this.run(() => this.hooks.afterTool?.(call, output));
      return value;
    });
  }
}
