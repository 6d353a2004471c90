// Typed failures of a model call, and the redaction every message passes through.
import { AgentOsError, printable } from '../errors.ts';
import type { Usage } from './types.ts';

/** circuit-open: every provider of the chain is failing and its circuit is open; nothing was sent. */
export type ModelCallErrorKind = 'timeout' | 'http' | 'network' | 'invalid-output' | 'aborted' | 'circuit-open';

export interface ModelCallErrorInit {
  kind: ModelCallErrorKind;
  attempts: number;
  statusCode?: number;
  /** Tokens spent by attempts that still failed (invalid output), for the cost ledger. */
  usage?: Usage;
  /** circuit-open: when the soonest circuit lets a trial through (epoch ms). */
  retryAt?: number;
  cause?: unknown;
}

export class ModelCallError extends AgentOsError<'MODEL_CALL_FAILED'> {
  readonly kind: ModelCallErrorKind;
  readonly attempts: number;
  readonly statusCode: number | undefined;
  readonly usage: Usage | undefined;
  readonly retryAt: number | undefined;

  constructor(message: string, init: ModelCallErrorInit) {
    // A reply's bytes may be quoted here (garbage, NULs, megabytes): shown printable and bounded.
    super('MODEL_CALL_FAILED', printable(message, 4000), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.attempts = init.attempts;
    this.statusCode = init.statusCode;
    this.usage = init.usage;
    this.retryAt = init.retryAt;
  }
}

const REDACTED = '[REDACTED]';

// Patterns for credentials that may echo back from a server or a library message.
const SECRET_PATTERNS: [RegExp, string][] = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi, `$1${REDACTED}`],
  [/((?:x-api-key|api[-_]?key|authorization)["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"',}]+/gi, `$1${REDACTED}`],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, `sk-${REDACTED}`],
];

/** Removes the given secrets and anything that looks like a credential from a text. */
export function redactSecrets(text: string, secrets: (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short "keys" (placeholders like "x") would shred the message; they protect nothing.
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
