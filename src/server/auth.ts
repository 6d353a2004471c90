// Who may call the API: a bearer token on every route except GET /healthz and the public paths
// given (the dashboard's static shell). The operator token may do everything; the read-only
// token may only GET and HEAD. Tokens are compared in constant time (both sides hashed first).
// Refusals are JSON like every other API error, with the WWW-Authenticate challenge of RFC 6750.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { refusal, refuse, type ApiEnv, type Role } from './refuse.ts';

export interface AuthOptions {
  /** The operator token: every route. Required: createApp refuses to be built without one. */
  token: string;
  /** A token that may only read (GET, HEAD). */
  readToken?: string;
  /** Paths served without a token to GET and HEAD: '/x' exactly, or '/x/*' for everything below. */
  publicPaths?: readonly string[];
  /**
   * Paths the read-only token may POST to because the handler checks the role itself (/mcp: every
   * MCP message is a POST; its tools that change anything refuse the read-only token).
   */
  roleCheckedPaths?: readonly string[];
}

const REALM = 'agentos';
const READ_METHODS = new Set(['GET', 'HEAD']);
/** The shortest token createApp takes (config/ checks operator-given ones the same way). */
const MIN_TOKEN = 32;
const WHERE = 'the token is $AGENTOS_API_TOKEN, else the file DATA/.agentos/api-token';

/** `verify:` and a judge's `run:` are commands run on this machine: only the operator may send one. */
export function maySubmitCommands(role: Role | undefined): boolean {
  return role === 'operator';
}

/** Where a task body carries a command (`verify`, `judges.N.run`), if it does. */
export function commandIn(input: { verify?: string; judges?: readonly object[] }): string | undefined {
  if (input.verify !== undefined) return 'verify';
  const i = (input.judges ?? []).findIndex((j) => 'run' in j && (j as { run?: unknown }).run !== undefined);
  return i < 0 ? undefined : `judges.${i}.run`;
}

/** A matcher for public paths; a bad pattern throws when the app is built. */
export function publicPathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of patterns) {
    if (!p.startsWith('/') || p.slice(0, -1).includes('*') || (p.endsWith('*') && !p.endsWith('/*'))) {
      throw new Error(`public path ${JSON.stringify(p)}: write /path or /path/* (a leading slash, * only as the last segment)`);
    }
    if (p === '/*') throw new Error('public path "/*" would open every route: list the paths (e.g. /, /web/*)');
    if (p.endsWith('/*')) prefixes.push(p.slice(0, -1));
    else exact.add(p);
  }
  return (path) => exact.has(path) || prefixes.some((pre) => path.startsWith(pre) || path === pre.slice(0, -1));
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function requireAuth(o: AuthOptions): MiddlewareHandler {
  for (const [name, t] of [['token', o.token], ['readToken', o.readToken]] as const) {
    if (name === 'token' || t !== undefined) {
      if (typeof t !== 'string' || t.length < MIN_TOKEN) throw new Error(`createApp: auth.${name} must be a string of at least ${MIN_TOKEN} characters (the API never runs without a token)`);
    }
  }
  if (o.readToken === o.token) throw new Error('createApp: auth.readToken must differ from auth.token');
  const operator = digest(o.token);
  const reader = o.readToken === undefined ? undefined : digest(o.readToken);
  const isPublic = publicPathMatcher(['/healthz', ...(o.publicPaths ?? [])]);
  const checksRole = o.roleCheckedPaths?.length ? publicPathMatcher(o.roleCheckedPaths) : () => false;

  const roleOf = (presented: string): Role | undefined => {
    const d = digest(presented);
    // Both comparisons always run: the time taken says nothing about which token was close.
    const isOperator = timingSafeEqual(d, operator);
    const isReader = reader ? timingSafeEqual(d, reader) : false;
    return isOperator ? 'operator' : isReader ? 'read' : undefined;
  };

  const check = bearerAuth({
    realm: REALM,
    verifyToken: (presented, c) => {
      const role = roleOf(presented);
      if (role) (c as Context<ApiEnv>).set('role', role);
      return role !== undefined;
    },
    noAuthenticationHeader: {
      wwwAuthenticateHeader: `Bearer realm="${REALM}"`,
      message: (c: Context) => refuse(c, 401, 'AUTH_REQUIRED', `send Authorization: Bearer <token> (${WHERE})`),
    },
    invalidAuthenticationHeader: {
      wwwAuthenticateHeader: `Bearer realm="${REALM}", error="invalid_request"`,
      message: (c: Context) => refuse(c, 400, 'AUTH_MALFORMED', `the Authorization header must be "Bearer <token>", one token of A-Z a-z 0-9 . _ ~ + / - (${WHERE})`),
    },
    invalidToken: {
      wwwAuthenticateHeader: `Bearer realm="${REALM}", error="invalid_token"`,
      message: (c: Context) => refuse(c, 401, 'AUTH_INVALID', `this bearer token is not valid for this server (${WHERE})`),
    },
  });

  return async (c, next) => {
    if (READ_METHODS.has(c.req.method) && isPublic(c.req.path)) return next();
    return check(c, async () => {
      if ((c as Context<ApiEnv>).get('role') === 'read' && !READ_METHODS.has(c.req.method) && !(c.req.method === 'POST' && checksRole(c.req.path))) {
        throw refusal(c, 403, 'AUTH_READ_ONLY', `the read-only token may only GET; ${c.req.method} needs the operator token (${WHERE})`, {
          'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope"`,
        });
      }
      await next();
    });
  };
}
