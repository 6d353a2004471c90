// telemetry/: logs (pino), Prometheus metrics (prom-client, loaded by createMetrics), OpenTelemetry
// traces (loaded by startTracing only when an OTLP endpoint is set), secret and PII redaction.
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.ts';
export { REDACTED, containsSecret, redactText, redactValue, registerEnvSecrets, registerSecret } from './redact.ts';
export { setPiiRules, piiActive, redactPii, PII_DETECTORS, type PiiDetector, type PiiPattern, type PiiRules } from './pii.ts';
export { createMetrics, type Metrics, type MetricsOptions, type GaugeSnapshot } from './metrics.ts';
export { startTracing, type Tracing } from './tracing.ts';
export { tracingWanted, readOtelSettings, TracingConfigError, type OtelSettings } from './otel-env.ts';
