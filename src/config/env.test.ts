import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, readLogSettings, readModelSettings, readRuntimeEnv, resolveDataDir } from './index.ts';

test('data dir: --data, then AGENTOS_DATA, then DATA_DIR, then ./agentos-data', () => {
  assert.equal(resolveDataDir('/x', { AGENTOS_DATA: '/y', DATA_DIR: '/z' }), '/x');
  assert.equal(resolveDataDir(undefined, { AGENTOS_DATA: '/y', DATA_DIR: '/z' }), '/y');
  assert.equal(resolveDataDir(undefined, { DATA_DIR: '/z' }), '/z');
  assert.equal(resolveDataDir(undefined, {}, '/w'), path.join('/w', 'agentos-data'));
});

test('seed environment variables are read with their units', () => {
  const m = readModelSettings({ LLM_BASE_URL: 'http://h/v1', LLM_MODEL: 'm', LLM_MAX_TOKENS: '4096', LLM_TIMEOUT: '2.5', LLM_API_KEY: 'k' });
  assert.equal(m.provider, 'openai-compatible');
  assert.equal(m.maxTokens, 4096);
  assert.equal(m.timeoutMs, 2500);
  assert.equal(m.apiKey, 'k');
  assert.equal(readRuntimeEnv(undefined, { POLL_INTERVAL: '5' }).pollIntervalMs, 5000);
  assert.equal(readModelSettings({ LLM_PROVIDER: 'anthropic' }).baseURL, 'https://api.anthropic.com/v1');
});

test('bad values name the variable and what was expected, without echoing the key', () => {
  assert.throws(() => readModelSettings({ LLM_MAX_TOKENS: 'lots' }), (e: unknown) => e instanceof ConfigError && /LLM_MAX_TOKENS="lots": expected a whole number/.test(e.message));
  assert.throws(() => readModelSettings({ LLM_PROVIDER: 'cohere' }), /LLM_PROVIDER="cohere": expected one of openai-compatible, openai, anthropic/);
  assert.throws(() => readRuntimeEnv(undefined, { POLL_INTERVAL: '-1' }), /POLL_INTERVAL/);
});

test('LOG_LEVEL and LOG_FORMAT: known values (any case), else a config error naming the variable', () => {
  assert.deepEqual(readLogSettings({}), { logLevel: 'info', logFormat: 'auto' });
  assert.deepEqual(readLogSettings({}, 'warn'), { logLevel: 'warn', logFormat: 'auto' });
  assert.deepEqual(readLogSettings({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'json' }), { logLevel: 'debug', logFormat: 'json' });
  assert.equal(readRuntimeEnv(undefined, { LOG_LEVEL: 'error', LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
  assert.throws(() => readRuntimeEnv(undefined, { LOG_LEVEL: 'verbose' }), (e: unknown) => e instanceof ConfigError && /LOG_LEVEL="verbose": expected one of fatal, error, warn, info, debug, trace, silent/.test(e.message));
  assert.throws(() => readLogSettings({ LOG_FORMAT: 'xml' }), /LOG_FORMAT="xml": expected one of auto, pretty, json/);
});
