// Environment variables of the seeds (LLM_*, POLL_INTERVAL, DATA_DIR) plus ours.
import path from 'node:path';
import { ConfigError } from './errors.ts';
import { API_READ_TOKEN_ENV, API_TOKEN_ENV, checkApiToken } from './api-token.ts';
import type { ApiSettings, LogFormat, LogLevel, LogSettings, ModelSettings, ProviderKind, RuntimeEnv, StructuredMode } from './types.ts';

type Env = Record<string, string | undefined>;

/** --data, else $AGENTOS_DATA, else $DATA_DIR, else ./agentos-data (DESIGN.md). */
export function resolveDataDir(flag: string | undefined, env: Env = process.env, cwd = process.cwd()): string {
  const chosen = flag || env.AGENTOS_DATA || env.DATA_DIR || 'agentos-data';
  return path.resolve(cwd, chosen);
}

export function readModelSettings(env: Env = process.env): ModelSettings {
  const provider = oneOf<ProviderKind>(env, 'LLM_PROVIDER', ['openai-compatible', 'openai', 'anthropic'], 'openai-compatible');
  const defaultBase = provider === 'anthropic' ? 'https://api.anthropic.com/v1' : 'https://api.openai.com/v1';
  return {
    provider,
    baseURL: env.LLM_BASE_URL || defaultBase,
    model: env.LLM_MODEL || (provider === 'anthropic' ? 'claude-sonnet-4-20250514' : 'gpt-4o'),
    apiKey: env.LLM_API_KEY || undefined,
    maxTokens: int(env, 'LLM_MAX_TOKENS', 2048, 1, 1_000_000),
    timeoutMs: seconds(env, 'LLM_TIMEOUT', 60),
    maxAttempts: int(env, 'LLM_MAX_ATTEMPTS', 3, 1, 20),
    structured: oneOf<StructuredMode>(env, 'LLM_STRUCTURED_OUTPUT', ['json-schema', 'prompt'], 'json-schema'),
  };
}

export function readRuntimeEnv(dataFlag: string | undefined, env: Env = process.env): RuntimeEnv {
  return {
    dataDir: resolveDataDir(dataFlag, env),
    pollIntervalMs: seconds(env, 'POLL_INTERVAL', 5),
    model: readModelSettings(env),
    port: int(env, 'AGENTOS_PORT', 8484, 0, 65535),
    host: env.AGENTOS_HOST || '127.0.0.1',
    ...readLogSettings(env),
    api: readApiSettings(env),
    events: {
      buffer: int(env, 'AGENTOS_EVENTS_BUFFER', 1000, 1, 1_000_000),
      maxClients: int(env, 'AGENTOS_EVENTS_MAX_CLIENTS', 200, 1, 100_000),
      heartbeatMs: seconds(env, 'AGENTOS_EVENTS_HEARTBEAT', 15),
      flushMs: int(env, 'AGENTOS_EVENTS_FLUSH_MS', 250, 0, 10_000),
    },
    contextKeep: int(env, 'AGENTOS_CONTEXT_KEEP', 200, 0, 1_000_000),
  };
}

/** Default cap on an HTTP request body (AGENTOS_API_MAX_BODY). */
export const DEFAULT_API_MAX_BODY = 1024 * 1024;

/** The HTTP API's settings from the environment (tokens from files come from api-token.ts). */
export function readApiSettings(env: Env = process.env): ApiSettings {
  const token = env[API_TOKEN_ENV] ? checkApiToken(env[API_TOKEN_ENV], `$${API_TOKEN_ENV}`) : undefined;
  const readToken = env[API_READ_TOKEN_ENV] ? checkApiToken(env[API_READ_TOKEN_ENV], `$${API_READ_TOKEN_ENV}`) : undefined;
  const origins = (env.AGENTOS_API_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    let ok = false;
    try {
      ok = new URL(o).origin === o;
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`environment AGENTOS_API_ORIGINS: ${JSON.stringify(o)} is not an origin; write scheme://host[:port], comma-separated (e.g. https://agents.example.com)`, { file: '$AGENTOS_API_ORIGINS' });
  }
  const allow = env.AGENTOS_ALLOW_GENERATED_TOKEN ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(allow)) {
    throw new ConfigError(`environment AGENTOS_ALLOW_GENERATED_TOKEN=${JSON.stringify(allow)}: expected 1 or 0`, { file: '$AGENTOS_ALLOW_GENERATED_TOKEN' });
  }
  return {
    ...(token && { token }),
    ...(readToken && { readToken }),
    maxBodyBytes: int(env, 'AGENTOS_API_MAX_BODY', DEFAULT_API_MAX_BODY, 1024, 64 * 1024 * 1024),
    origins,
    allowGeneratedToken: allow === '1' || allow === 'true',
    waitMs: seconds(env, 'AGENTOS_API_WAIT', 300),
    chatHistoryChars: int(env, 'AGENTOS_CHAT_HISTORY', 16_384, 0, 60_000),
  };
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];

/** LOG_LEVEL (default info, or `level` when given) and LOG_FORMAT (default auto: pretty on a terminal, else JSON). */
export function readLogSettings(env: Env = process.env, level: LogLevel = 'info'): LogSettings {
  const lower = { LOG_LEVEL: env.LOG_LEVEL?.trim().toLowerCase(), LOG_FORMAT: env.LOG_FORMAT?.trim().toLowerCase() }; // DEBUG works too
  return {
    logLevel: oneOf<LogLevel>(lower, 'LOG_LEVEL', LOG_LEVELS, level),
    logFormat: oneOf<LogFormat>(lower, 'LOG_FORMAT', LOG_FORMATS, 'auto'),
  };
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`environment ${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`, {
      file: `$${name}`,
    });
  }
  return n;
}

/** Seconds as the seeds write them (LLM_TIMEOUT=60, POLL_INTERVAL=5); fractions allowed. */
function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) {
    throw new ConfigError(`environment ${name}=${JSON.stringify(raw)}: expected seconds, a number above 0`, {
      file: `$${name}`,
    });
  }
  return Math.round(n * 1000);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`environment ${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`, {
      file: `$${name}`,
    });
  }
  return raw as T;
}
