// Traces: started only when an OTLP endpoint is set (standard OTEL_* variables). Then the
// OpenTelemetry SDK is loaded (otel.ts) and the kernel gets a TracingPort; otherwise nothing is
// imported, allocated or exported, and the runtime has no `tracing` at all.
import type { TracingPort } from '../kernel/index.ts';
import { readOtelSettings, tracingWanted } from './otel-env.ts';

export interface Tracing {
  /** Hand this to RuntimeOptions.tracing. */
  port: TracingPort;
  /** Exports what is buffered now (tests, before exit). */
  flush(): Promise<void>;
  /** Flushes and stops the exporter; idempotent. */
  shutdown(): Promise<void>;
}

/** A Tracing when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set, else undefined (no SDK loaded). */
export async function startTracing(env: Record<string, string | undefined> = process.env, version = '0'): Promise<Tracing | undefined> {
  if (!tracingWanted(env)) return undefined;
  const settings = readOtelSettings(env);
  const { createOtelTracing } = await import('./otel.ts');
  return createOtelTracing(settings, version);
}
