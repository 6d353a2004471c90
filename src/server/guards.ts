// Checks that refuse a request before any handler reads it: a browser page of another origin
// (403), a write that is not JSON (415: an HTML form or a text/plain fetch cannot send
// application/json without a CORS preflight, which this server never grants), and a body over
// the limit (413, from Content-Length before reading, or while counting a chunked body).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { refuse, type ApiEnv } from './refuse.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A request carrying an Origin header must come from this server's own origin (its Host) or one
 * listed in `origins` (a reverse proxy's public origin). Requests without Origin (curl, the CLI,
 * a same-origin GET) pass: the bearer token is what admits them.
 */
export function sameOrigin(origins: readonly string[] = []): MiddlewareHandler<ApiEnv> {
  for (const o of origins) {
    if (!URL.canParse(o) || new URL(o).origin !== o) throw new Error(`createApp: allowed origin ${JSON.stringify(o)} is not scheme://host[:port]`);
  }
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || allowed.has(origin)) return next();
    const host = c.req.header('host')?.toLowerCase();
    if (host && URL.canParse(origin) && new URL(origin).host === host) return next();
    return refuse(c, 403, 'ORIGIN_REFUSED', `requests from the web origin ${JSON.stringify(origin.slice(0, 200))} are refused: call the API from its own origin or without a browser (AGENTOS_API_ORIGINS lists extra origins)`);
  };
}

/** POST, PUT, PATCH and DELETE only with Content-Type: application/json (any charset). */
export function jsonWrites(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') return next();
    return refuse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', `${c.req.method} needs Content-Type: application/json${type ? ` (got ${JSON.stringify(type.slice(0, 100))})` : ''}`, { Accept: 'application/json' });
  };
}

/** Hono's bodyLimit with the API's refusal; `Connection: close` so the rest of the body is not read. */
export function limitBody(maxBytes: number, what = 'a request body', env = 'AGENTOS_API_MAX_BODY raises it'): MiddlewareHandler<ApiEnv> {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`createApp: body limit must be a whole number of bytes, got ${maxBytes}`);
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => refuse(c, 413, 'BODY_TOO_LARGE', `${what} may have at most ${formatBytes(maxBytes)}; ${env}`, { Connection: 'close' }),
  });
}

export function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
