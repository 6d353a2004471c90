// Connections to Redis and whether it answers. Workers' connections wait out an outage (BullMQ's
// requirement: no per-command retry limit); the intake's fail fast, so the API answers 503 rather
// than hang. Every transition up or down is logged once, with what it means for intake.
import { Redis } from 'ioredis';
import type { Logger } from '../telemetry/index.ts';
import { ClusterError } from './errors.ts';

/** Reconnect after 50 ms, growing to 2 s between tries, for as long as it takes. */
const retryStrategy = (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000);

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy, lazyConnect: true });
}

/** Commands fail at once while Redis is away (no offline queue): a caller gets REDIS_UNAVAILABLE. */
export function clientConnection(url: string, timeoutMs: number): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy, lazyConnect: true });
}

export async function connect(r: Redis, url: string, timeoutMs: number): Promise<void> {
  if (r.status === 'ready') return;
  try {
    await withTimeout(r.status === 'wait' ? r.connect() : new Promise<void>((ok) => r.once('ready', () => ok())), timeoutMs, url);
  } catch (err) {
    r.disconnect();
    throw err instanceof ClusterError ? err : unavailable(url, err);
  }
}

export function unavailable(url: string, cause?: unknown): ClusterError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new ClusterError('REDIS_UNAVAILABLE', `Redis at ${redact(url)} does not answer${why}; intake is paused until it does (start it, or check --redis / REDIS_URL)`, { cause });
}

export async function withTimeout<T>(p: Promise<T>, ms: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(unavailable(url, new Error(`no answer within ${ms} ms`))), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Up or down, since when, and why; logs each change once. */
export class RedisHealth {
  up = false;
  since = Date.now();
  lastError: string | undefined;
  private readonly url: string;
  private readonly log: Logger;

  constructor(r: Redis, url: string, log: Logger) {
    this.url = url;
    this.log = log;
    r.on('ready', () => this.set(true));
    r.on('error', (err: Error) => {
      this.lastError = err.message;
      this.set(false);
    });
    r.on('end', () => this.set(false));
    r.on('close', () => this.set(false));
  }

  private silent = false;

  /** Closing on purpose: no "unreachable" warning for it. */
  quiet(): void {
    this.silent = true;
  }

  private set(up: boolean): void {
    if (up === this.up || this.silent) return;
    this.up = up;
    this.since = Date.now();
    if (up) this.log.info(`Redis at ${redact(this.url)} answers: intake resumed`);
    else this.log.warn(`Redis at ${redact(this.url)} is unreachable (${this.lastError ?? 'connection closed'}): intake paused; tasks in flight finish and are acknowledged when it is back`);
  }

  describe(): string {
    return `${this.up ? 'up' : 'down'} since ${new Date(this.since).toISOString()}${this.up || !this.lastError ? '' : ` (${this.lastError})`}`;
  }
}
