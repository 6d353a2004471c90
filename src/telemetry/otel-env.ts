// The standard OpenTelemetry environment variables AgentOS honours, read into plain settings
// (pure; no OpenTelemetry import). Tracing is on only when an OTLP endpoint is set.
import { AgentOsError } from '../errors.ts';

type Env = Record<string, string | undefined>;

export interface OtelSettings {
  protocol: 'http/protobuf' | 'http/json';
  /** Where spans go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  url: string;
  /** OTEL_EXPORTER_OTLP_(TRACES_)HEADERS, "key=value,key2=value2" (values URL-decoded). */
  headers: Record<string, string>;
  timeoutMillis: number;
  serviceName: string;
  /** always_on, always_off, traceidratio and their parentbased_ forms; ratio for traceidratio. */
  sampler: { kind: 'always_on' | 'always_off' | 'traceidratio'; parentBased: boolean; ratio: number };
  batch: { scheduledDelayMillis: number; maxQueueSize: number; maxExportBatchSize: number; exportTimeoutMillis: number };
}

export class TracingConfigError extends AgentOsError<'CONFIG_INVALID'> {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** True when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (and the SDK is not disabled). */
export function tracingWanted(env: Env = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  if ((env.OTEL_TRACES_EXPORTER ?? '').toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

export function readOtelSettings(env: Env = process.env): OtelSettings {
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new TracingConfigError(`OTEL_EXPORTER_OTLP_PROTOCOL=${JSON.stringify(protocol)}: AgentOS exports traces over OTLP/HTTP; use http/protobuf (the default) or http/json`);
  }
  const raw = (env.OTEL_TRACES_SAMPLER || 'parentbased_always_on').toLowerCase();
  const parentBased = raw.startsWith('parentbased_');
  const kind = raw.replace(/^parentbased_/, '');
  if (kind !== 'always_on' && kind !== 'always_off' && kind !== 'traceidratio') {
    throw new TracingConfigError(`OTEL_TRACES_SAMPLER=${JSON.stringify(raw)}: expected always_on, always_off, traceidratio or parentbased_ one of them`);
  }
  const ratio = kind === 'traceidratio' ? num(env, 'OTEL_TRACES_SAMPLER_ARG', 1, 0, 1) : 1;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '';
  const url = traces || `${base.replace(/\/+$/, '')}/v1/traces`;
  try {
    new URL(url);
  } catch {
    throw new TracingConfigError(`OTLP endpoint ${JSON.stringify(url)} is not a URL; set OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318`);
  }
  return {
    protocol,
    url,
    headers: parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS ?? ''),
    timeoutMillis: num(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', num(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1, 600_000), 1, 600_000),
    serviceName: env.OTEL_SERVICE_NAME || 'agentos',
    sampler: { kind, parentBased, ratio },
    batch: {
      scheduledDelayMillis: num(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, 0, 600_000),
      maxQueueSize: num(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1, 1_000_000),
      maxExportBatchSize: num(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000),
      exportTimeoutMillis: num(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, 1, 600_000),
    },
  };
}

function parseHeaders(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[decodeURIComponent(part.slice(0, i).trim())] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      throw new TracingConfigError('OTEL_EXPORTER_OTLP_HEADERS: a key or value is not URL-encoded correctly');
    }
  }
  return out;
}

function num(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new TracingConfigError(`${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
  return n;
}
