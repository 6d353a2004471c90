import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOtelSettings, TracingConfigError, tracingWanted } from './otel-env.ts';

test('tracing is on only with an OTLP endpoint, and off when the SDK is disabled', () => {
  assert.equal(tracingWanted({}), false);
  assert.equal(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }), true);
  assert.equal(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }), true);
  assert.equal(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }), false);
  assert.equal(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }), false);
});

test('the standard variables: endpoint, protocol, headers, sampler, batch limits; bad values say which variable', () => {
  const s = readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/', OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=a%20b,tenant=t1', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25', OTEL_BSP_MAX_QUEUE_SIZE: '100' });
  assert.equal(s.url, 'http://c:4318/v1/traces');
  assert.equal(s.protocol, 'http/protobuf');
  assert.deepEqual(s.headers, { 'x-api-key': 'a b', tenant: 't1' });
  assert.deepEqual(s.sampler, { kind: 'traceidratio', parentBased: true, ratio: 0.25 });
  assert.equal(s.batch.maxQueueSize, 100);
  assert.equal(s.serviceName, 'agentos');
  assert.equal(readOtelSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/x', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).url, 'http://c/x');
  assert.throws(() => readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), (e: Error) => e instanceof TracingConfigError && /http\/protobuf .* or http\/json/.test(e.message));
  assert.throws(() => readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'sometimes' }), /OTEL_TRACES_SAMPLER/);
  assert.throws(() => readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_SCHEDULE_DELAY: '-1' }), /OTEL_BSP_SCHEDULE_DELAY/);
  assert.throws(() => readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }), /not a URL/);
});
