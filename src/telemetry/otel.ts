// The OpenTelemetry side of tracing.ts: a tracer provider with a batch processor and the OTLP/HTTP
// exporter (protobuf or JSON, endpoint and headers from the standard OTEL_EXPORTER_OTLP_*
// variables), an AsyncLocalStorage context so spans nest across awaits, and the kernel's port.
import { context, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type Sampler,
} from '@opentelemetry/sdk-trace';
import type { SpanAttributes, SpanScope, TracingPort } from '../kernel/index.ts';
import type { OtelSettings } from './otel-env.ts';
import { redactText, registerSecret } from './redact.ts';
import type { Tracing } from './tracing.ts';

function sampler(s: OtelSettings['sampler']): Sampler {
  const root = s.kind === 'always_off' ? new AlwaysOffSampler() : s.kind === 'traceidratio' ? new TraceIdRatioBasedSampler(s.ratio) : new AlwaysOnSampler();
  return s.parentBased ? new ParentBasedSampler({ root }) : root;
}

function attributes(a: SpanAttributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = typeof v === 'string' ? redactText(v) : v;
  return out;
}

function scope(span: Span): SpanScope {
  return {
    set: (a) => void span.setAttributes(attributes(a)),
    fail: (message) => void span.setStatus({ code: SpanStatusCode.ERROR, message: redactText(message).slice(0, 500) }),
  };
}

export function createOtelTracing(settings: OtelSettings, version: string): Tracing {
  // Collector credentials in headers are secrets: never logged or recorded.
  for (const v of Object.values(settings.headers)) registerSecret(v);
  const config = { url: settings.url, headers: settings.headers, timeoutMillis: settings.timeoutMillis };
  const exporter = settings.protocol === 'http/json' ? new JsonExporter(config) : new ProtoExporter(config);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': version }),
    sampler: sampler(settings.sampler),
    spanLimits: { attributeValueLengthLimit: 1024, attributeCountLimit: 64, eventCountLimit: 32 },
    spanProcessors: [new BatchSpanProcessor({ exporter, ...settings.batch })],
  });
  // One context manager per process; a second call (tests) keeps the first.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracer = provider.getTracer('agentos', version);
  const port: TracingPort = {
    span(name, attrs, fn) {
      return tracer.startActiveSpan(name, { attributes: attributes(attrs) }, async (span) => {
        try {
          return await fn(scope(span));
        } catch (e) {
          const message = redactText(e instanceof Error ? e.message : String(e)).slice(0, 500);
          span.addEvent('exception', { 'exception.type': e instanceof Error ? e.name : typeof e, 'exception.message': message });
          span.setStatus({ code: SpanStatusCode.ERROR, message });
          throw e;
        } finally {
          span.end();
        }
      });
    },
    // The AI SDK's own spans (ai.generateText, ai.generateText.doGenerate with gen_ai.* attributes,
    // ai.toolCall) nest under ours; prompts and answers are never recorded.
    ai: { isEnabled: true, recordInputs: false, recordOutputs: false, tracer, functionId: 'agentos.act' },
  };
  let closing: Promise<void> | undefined;
  return {
    port,
    flush: () => provider.forceFlush(),
    shutdown: () => (closing ??= provider.shutdown()),
  };
}
