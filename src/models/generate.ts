// The act loop: one structured answer from a model, with tools, retries and a
// repair turn when the reply is unusable.
import { generateText, NoOutputGeneratedError, stepCountIs, wrapLanguageModel } from 'ai';
import type { LanguageModelMiddleware, ModelMessage, TelemetrySettings, ToolSet } from 'ai';
import type { ModelSettings } from '../config/index.ts';
import { ModelCallError, redactSecrets } from './errors.ts';
import { describeModel, languageModelFor } from './provider.ts';
import { withRetries } from './retry.ts';
import type { AttemptRecord } from './retry.ts';
import { limitConditions } from './act-limits.ts';
import { ActPausedError, pendingActions } from './pause.ts';
import { repairPrompt, schemaInstructions, tolerantOutput } from './structured-output.ts';
import type { ParsedReply } from './structured-output.ts';
import type { CallRecord, GenerateRequest, GenerateResult, Usage } from './types.ts';
import { wrapToolExecutes } from './tool-wrap.ts';
import { currentExchangeScope, digestRequest, type ExchangeLabel } from './exchange.ts';
import { assistantMessage, HookRunner } from './step-hooks.ts';

export interface GenerateOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After honoured (default 60 s); a longer one fails the call. */
  maxRetryAfterMs?: number;
  /** Sees every HTTP attempt, e.g. for telemetry. */
  onAttempt?: (record: AttemptRecord) => void;
  /** Runs before every model request (each step of the tool loop); throwing stops the call (e.g. a budget). */
  beforeRequest?: () => void;
  /** The provider's token usage of each request that answered, as it arrives (the cost ledger). */
  onUsage?: (usage: Usage) => void;
  /** The AI SDK's OpenTelemetry spans (experimental_telemetry); absent, the SDK traces nothing. */
  telemetry?: TelemetrySettings;
  /** What this call is for (purpose, tier), for the task's recorded model exchanges (exchange.ts). */
  exchange?: ExchangeLabel;
}

/** Step budget when tools are given and the request names none. */
export const DEFAULT_TOOL_STEPS = 8;

type ToolRecord = GenerateResult<unknown>['toolCalls'][number];

/** Times each tool call and notes whether it threw. */
function instrumentTools(tools: ToolSet, sink: ToolRecord[]): ToolSet {
  return wrapToolExecutes(tools, async (name, call) => {
    const start = performance.now();
    try {
      const value = await call();
      sink.push({ name, ms: Math.round(performance.now() - start), ok: true });
      return value;
    } catch (error) {
      sink.push({ name, ms: Math.round(performance.now() - start), ok: false });
      throw error;
    }
  });
}

function readOutput<T>(result: { output: ParsedReply<T>; finishReason: string; steps: unknown[]; text: string }): ParsedReply<T> {
  try {
    return result.output;
  } catch (error) {
    if (!NoOutputGeneratedError.isInstance(error)) throw error;
    return {
      ok: false,
      error: `the model stopped without a final answer (finish reason "${result.finishReason}" after ${result.steps.length} step(s))`,
      text: result.text,
    };
  }
}

export async function generateStructured<T>(
  settings: ModelSettings,
  req: GenerateRequest<T>,
  options: GenerateOptions = {},
): Promise<GenerateResult<T>> {
  const label = describeModel(settings);
  const redact = (s: string) => redactSecrets(s, [settings.apiKey]);
  const maxAttempts = Math.max(1, settings.maxAttempts);
  const calls: CallRecord[] = [];
  const toolCalls: ToolRecord[] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let modelMs = 0;
  let steps = 0;
  let outputAttempt = 1;

  const base = languageModelFor(settings);
  // Inside a task's exchange scope: requests are recorded (live) or served from a recording (replay).
  const scope = currentExchangeScope();
  const hooks = req.steps ? new HookRunner(req.steps) : undefined;
  // Retries wrap each model request, not the loop, so a fault at step 3 does not re-run
  // the tools of steps 1-2. The AI SDK's own retries are off (maxRetries: 0).
  const retrying: LanguageModelMiddleware = {
    specificationVersion: 'v3',
    wrapGenerate: async ({ params }) => {
      options.beforeRequest?.();
      const request = scope ? digestRequest(params) : undefined;
      const who = { provider: settings.provider, model: settings.model, ...options.exchange };
      const started = performance.now();
      if (scope?.serve) {
        const served = scope.serve({ ...who, request: request! });
        options.onUsage?.({ inputTokens: served.usage.inputTokens.total ?? 0, outputTokens: served.usage.outputTokens.total ?? 0 });
        const assistant = hooks && assistantMessage(served.content);
        if (assistant) await hooks.run(() => hooks.hooks.onModelStep?.(assistant));
        return { content: served.content, finishReason: served.finishReason, usage: served.usage, warnings: [], ...(served.modelId && { response: { modelId: served.modelId } }) };
      }
      const result = await withRetries(async ({ signal }) => base.doGenerate({ ...params, abortSignal: signal }), {
        maxAttempts,
        timeoutMs: settings.timeoutMs,
        signal: req.abortSignal,
        label,
        secrets: [settings.apiKey],
        baseDelayMs: options.baseDelayMs,
        maxDelayMs: options.maxDelayMs,
        maxRetryAfterMs: options.maxRetryAfterMs,
        onAttempt: (r) => {
          modelMs += r.ms;
          calls.push({
            // A repair turn continues the attempt count of the answer it repairs.
            attempt: outputAttempt - 1 + r.attempt,
            status: r.ok ? 'ok' : 'error',
            ms: Math.round(r.ms),
            ...(r.error !== undefined && { error: r.error }),
            ...(r.statusCode !== undefined && { statusCode: r.statusCode }),
          });
          options.onAttempt?.(r);
        },
      });
      options.onUsage?.({ inputTokens: result.usage.inputTokens.total ?? 0, outputTokens: result.usage.outputTokens.total ?? 0 });
      scope?.record?.({ ...who, request: request!, ms: Math.round(performance.now() - started), response: { content: result.content, finishReason: result.finishReason, usage: result.usage, ...(result.response?.modelId && { modelId: result.response.modelId }) } });
      // The model's answer is on disk before any of its tool calls runs (step checkpoints).
      const assistant = hooks && assistantMessage(result.content);
      if (assistant) await hooks.run(() => hooks.hooks.onModelStep?.(assistant));
      return result;
    },
  };
  const model = wrapLanguageModel({ model: base, middleware: retrying });
  const system = settings.structured === 'prompt' ? `${req.system}\n\n${schemaInstructions(req.schema)}` : req.system;
  const output = tolerantOutput(req.schema, settings.structured);
  const tools = req.tools ? instrumentTools(hooks ? hooks.wrapTools(req.tools) : req.tools, toolCalls) : undefined;
  const maxSteps = Math.max(1, req.maxSteps ?? (tools ? DEFAULT_TOOL_STEPS : 1));
  // A resumed loop continues from the messages it paused with (see pause.ts).
  let messages: ModelMessage[] = req.messages ?? [{ role: 'user', content: req.prompt }];
  const limits = limitConditions(req.limits, performance.now());
  let lastError = '';

  for (; outputAttempt <= maxAttempts; outputAttempt++) {
    const repair = outputAttempt > 1;
    let result;
    const start = messages;
    const signal = hooks ? hooks.signal(req.abortSignal) : req.abortSignal;
    try {
      if (hooks) await hooks.run(() => hooks.hooks.onLoopStart?.(start));
      result = await generateText({
        model,
        system,
        messages,
        tools,
        // A repair turn must answer, not go back to the tools.
        ...(repair && tools && { toolChoice: 'none' as const }),
        stopWhen: repair ? stepCountIs(1) : [stepCountIs(maxSteps), ...limits],
        output,
        maxRetries: 0,
        maxOutputTokens: settings.maxTokens,
        abortSignal: signal,
        ...(scope?.deterministic && { temperature: 0, seed: scope.deterministic.seed }),
        ...(options.telemetry && { experimental_telemetry: options.telemetry }),
        ...(hooks && {
          // The conversation as the next model step gets it (with the results of calls approved before it).
          prepareStep: async ({ messages: current }: { messages: ModelMessage[] }) => {
            await hooks.run(() => hooks.hooks.onStepStart?.(current));
            return undefined;
          },
          // A step cut short by a stop is not a finished step: its calls stay as the checkpoint has them.
          onStepFinish: (step: { response: { messages: ModelMessage[] }; usage: { inputTokens?: number; outputTokens?: number } }) =>
            signal?.aborted ? undefined : hooks.run(() => hooks.hooks.onStepFinish?.([...start, ...step.response.messages], { inputTokens: step.usage.inputTokens ?? 0, outputTokens: step.usage.outputTokens ?? 0 })).catch(() => {}),
        }),
      });
      if (hooks?.failure !== undefined) throw hooks.failure;
    } catch (error) {
      // A step hook that failed (a checkpoint not written) stopped the loop: its error, not the abort's.
      if (hooks?.failure !== undefined) throw hooks.failure;
      if (error instanceof ModelCallError) throw error;
      if (req.abortSignal?.aborted) {
        throw new ModelCallError(`${label} was cancelled by the caller`, { kind: 'aborted', attempts: outputAttempt, cause: error });
      }
      throw error;
    }
    steps += result.steps.length;
    usage.inputTokens += result.totalUsage.inputTokens ?? 0;
    usage.outputTokens += result.totalUsage.outputTokens ?? 0;
    const pending = pendingActions(result.steps);
    if (pending.length > 0) throw new ActPausedError([...messages, ...result.response.messages], pending, usage);
    const parsed = readOutput(result);
    if (parsed.ok) {
      return { value: parsed.value, usage, modelMs: Math.round(modelMs), model: settings.model, steps, calls, toolCalls };
    }
    lastError = redact(parsed.error);
    const last = calls[calls.length - 1];
    if (last) Object.assign(last, { status: 'error', error: `invalid output: ${lastError}` });
    messages = [...messages, ...result.response.messages, { role: 'user', content: repairPrompt(parsed.error) }];
  }
  throw new ModelCallError(
    `${label} gave no usable reply after ${maxAttempts} attempt${maxAttempts === 1 ? '' : 's'}: ${lastError}`,
    { kind: 'invalid-output', attempts: maxAttempts, usage },
  );
}
