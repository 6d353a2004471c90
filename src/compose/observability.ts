// Observability wiring: traces (only when OTEL_EXPORTER_OTLP_ENDPOINT is set) go into RuntimeOptions
// before the runtime opens; metrics and the SSE hub follow the runtime's events after; close() ends all three.
import { readFileSync } from 'node:fs';
import type { Runtime, RuntimeOptions } from '../kernel/index.ts';
import { EventHub, type ApiDeps } from '../server/index.ts';
import { createMetrics, startTracing, type Logger } from '../telemetry/index.ts';

export interface Observability {
  /** Spread into RuntimeOptions. */
  runtimeOptions: Pick<RuntimeOptions, 'tracing' | 'contextKeep'>;
  /** After Runtime.open: returns what to spread into createApp's deps. */
  attach(runtime: Runtime): Promise<Pick<ApiDeps, 'metrics' | 'eventHub'>>;
  /** Ends the open /events streams (before the HTTP server closes: it waits for open connections). */
  closeStreams(): void;
  /** Flushes traces, stops the hub and the metrics listener; idempotent, every step runs. */
  close(): Promise<void>;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** What the environment sets (RuntimeEnv's events and contextKeep). */
export interface ObserveSettings {
  events: ConstructorParameters<typeof EventHub>[1];
  contextKeep: number;
}

export async function startObservability(env: ObserveSettings, log: Logger, processEnv: Record<string, string | undefined> = process.env): Promise<Observability> {
  const tracing = await startTracing(processEnv, VERSION);
  if (tracing) log.info({ endpoint: processEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || processEnv.OTEL_EXPORTER_OTLP_ENDPOINT }, 'exporting traces over OTLP/HTTP');
  const stops: (() => void | Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  let hub: EventHub | undefined;
  return {
    runtimeOptions: { ...(tracing && { tracing: tracing.port }), contextKeep: env.contextKeep },
    async attach(runtime) {
      const metrics = await createMetrics();
      stops.push(metrics.follow(runtime.events));
      const eventHub = (hub = new EventHub(runtime.events, env.events));
      stops.push(() => eventHub.close());
      return { metrics, eventHub };
    },
    closeStreams() {
      hub?.close();
    },
    close() {
      closing ??= (async () => {
        for (const stop of [...stops.splice(0), () => tracing?.shutdown()]) {
          try {
            await stop();
          } catch (err) {
            log.warn({ err }, 'observability shutdown step failed; the others ran');
          }
        }
      })();
      return closing;
    },
  };
}
