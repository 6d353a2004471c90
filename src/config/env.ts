// Environment variables of the seeds (LLM_*, POLL_INTERVAL, DATA_DIR) plus ours.
import path from 'node:path';
import { ConfigError } from './errors.ts';
import type { LogFormat, LogLevel, LogSettings, ModelSettings, ProviderKind, RuntimeEnv, StructuredMode } from './types.ts';

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
