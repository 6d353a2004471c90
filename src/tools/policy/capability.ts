// Capability tokens (seed 004): what the policy grants an agent for one tool, as a token
// signed with HMAC-SHA256 over every field — agent, tool, task, permissions, limits,
// expiry — so a token changed in any way is rejected. Counters (calls used) and
// revocations live here, server-side, never in the token: a token cannot carry its own
// remaining budget. Every call of a tool presents its token; nothing else authorises it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AgentOsError } from '../../errors.ts';

export interface CapabilityClaims {
  /** Format version. */
  v: 1;
  /** Unique id: the key of the server-side counter and of revocation. */
  id: string;
  agent: string;
  tool: string;
  /** The task the token was issued for ('' for an operator's `agentos tool`). */
  task: string;
  perms: { read: string[]; write: string[]; deny: string[]; hosts: string[]; approval: boolean };
  limits: { calls: number };
  /** Issued and expiry times, ms since the epoch. */
  iat: number;
  exp: number;
}

export type CapabilityErrorCode = 'TOKEN_MALFORMED' | 'TOKEN_SIGNATURE' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED' | 'TOKEN_EXHAUSTED' | 'TOKEN_MISMATCH';

export class CapabilityError extends AgentOsError<CapabilityErrorCode> {}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class CapabilityAuthority {
  readonly #key: Buffer;
  readonly #uses = new Map<string, number>();
  readonly #revoked = new Set<string>();
  readonly #now: () => number;

  constructor(key: Buffer, now: () => number = Date.now) {
    if (key.length < 32) throw new Error('the capability key must be at least 32 bytes');
    this.#key = Buffer.from(key);
    this.#now = now;
  }

  #mac(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(`agentos-capability.${payload}`).digest();
  }

  issue(c: Omit<CapabilityClaims, 'v' | 'id' | 'iat' | 'exp'> & { ttlMs: number }): string {
    const now = this.#now();
    const { ttlMs, ...rest } = c;
    const claims: CapabilityClaims = { v: 1, id: randomBytes(12).toString('base64url'), ...rest, iat: now, exp: now + ttlMs };
    const payload = b64(JSON.stringify(claims));
    return `${payload}.${b64(this.#mac(payload))}`;
  }

  /** Verifies signature, expiry and revocation; does not count a use. */
  verify(token: string): CapabilityClaims {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new CapabilityError('TOKEN_MALFORMED', 'the capability token is not "<payload>.<signature>"');
    const [payload, sig] = parts;
    const want = this.#mac(payload);
    const got = Buffer.from(sig, 'base64url');
    // Constant-time: the comparison takes as long whichever byte differs.
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new CapabilityError('TOKEN_SIGNATURE', 'the capability token signature does not match: it was altered or issued under another key');
    let claims: CapabilityClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CapabilityClaims;
    } catch {
      throw new CapabilityError('TOKEN_MALFORMED', 'the capability token payload is not JSON');
    }
    if (claims.v !== 1 || typeof claims.id !== 'string' || typeof claims.exp !== 'number') throw new CapabilityError('TOKEN_MALFORMED', 'the capability token has an unknown format');
    if (this.#revoked.has(claims.id)) throw new CapabilityError('TOKEN_REVOKED', `capability ${claims.id} for '${claims.tool}' was revoked`);
    if (this.#now() >= claims.exp) throw new CapabilityError('TOKEN_EXPIRED', `capability for '${claims.tool}' expired at ${new Date(claims.exp).toISOString()}`);
    return claims;
  }

  /** Verifies the token for this agent and tool and counts one use against its limit. */
  use(token: string, agent: string, tool: string): CapabilityClaims {
    const c = this.verify(token);
    if (c.agent !== agent || c.tool !== tool) throw new CapabilityError('TOKEN_MISMATCH', `the capability was issued for ${c.agent}/${c.tool}, not ${agent}/${tool}`);
    const used = this.#uses.get(c.id) ?? 0;
    if (used >= c.limits.calls) throw new CapabilityError('TOKEN_EXHAUSTED', `'${tool}' was called ${used} times, its limit for this task (limits.tool_calls)`);
    this.#uses.set(c.id, used + 1);
    return c;
  }

  uses(id: string): number {
    return this.#uses.get(id) ?? 0;
  }

  revoke(id: string): void {
    this.#revoked.add(id);
    this.#uses.delete(id);
  }

  isRevoked(id: string): boolean {
    return this.#revoked.has(id);
  }
}

/** The claims of a token without checking it: for display and for revoking by id. */
export function peekClaims(token: string): CapabilityClaims | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as CapabilityClaims;
  } catch {
    return undefined;
  }
}
