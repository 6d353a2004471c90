// Secrets never reach logs, files or git: every value registered here is
// replaced wherever it appears in text we emit. So do matches of the PII rules (pii.ts).
import { redactPii } from './pii.ts';

const secrets = new Set<string>();
const SECRET_ENV = /(_API_KEY|_TOKEN|_SECRET|_PASSWORD)$/;

export const REDACTED = '[REDACTED]';
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/;
const BEARER_ALL = new RegExp(BEARER.source, 'g');

export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real keys are long.
  if (value && value.length >= 6) secrets.add(value);
}

/** Registers every environment variable whose name marks it as a secret. */
export function registerEnvSecrets(env: Record<string, string | undefined> = process.env): void {
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV.test(name)) registerSecret(value);
}

export function redactText(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  // Bearer tokens and x-api-key headers, even when the value was never registered.
  return redactPii(out.replace(BEARER_ALL, `$1${REDACTED}`));
}

/** Whether `text` holds a registered secret or a bearer token (what redactText would hide). */
export function containsSecret(text: string): boolean {
  for (const s of secrets) if (text.includes(s)) return true;
  return BEARER.test(text);
}

/** Deep copy of a JSON-like value with every string redacted. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactValue) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if (value instanceof Error) return redactText(value.stack ?? value.message) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = /^(api_?key|authorization|x-api-key)$/i.test(k) ? REDACTED : redactValue(v);
    return out as T;
  }
  return value;
}
