// The kernel's tracing port: spans around the pipeline's stages (task → context → route → model
// call → tool calls → verify → learn → commit). telemetry/ implements it with OpenTelemetry when
// OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise RuntimeOptions.tracing is absent and `traced`
// just calls the function: no span, no attribute object, nothing loaded.
import type { TelemetrySettings } from 'ai';
import type { AgentContext } from './agent-context.ts';

export type SpanAttributes = Record<string, string | number | boolean | undefined>;

export interface SpanScope {
  /** Adds attributes to the span (e.g. token counts known only at the end). */
  set(attrs: SpanAttributes): void;
  /** Marks the span as failed without throwing (e.g. a verify command that exited non-zero). */
  fail(message: string): void;
}

export interface TracingPort {
  /** Runs `fn` inside a child span of the active one; a throw ends the span as an error and rethrows. */
  span<T>(name: string, attrs: SpanAttributes, fn: (span: SpanScope) => Promise<T>): Promise<T>;
  /** The AI SDK's telemetry settings, so its own model-call spans nest under ours. */
  ai: TelemetrySettings;
}

const NO_SPAN: SpanScope = { set() {}, fail() {} };

/** A span when tracing is on; otherwise just `fn`. `attrs` is a function so nothing is built when off. */
export function traced<T>(ctx: Pick<AgentContext, 'tracing'>, name: string, attrs: () => SpanAttributes, fn: (span: SpanScope) => Promise<T>): Promise<T> {
  return ctx.tracing ? ctx.tracing.span(name, attrs(), fn) : fn(NO_SPAN);
}
