// PII redaction rules (agents.yaml `privacy:`): built-in detectors and a person's own patterns.
// Set once by the runtime; redactText applies them with the secrets, so logs, commit messages,
// the model's context (task, retrieved files, tool results) and what the model reports back
// never carry a match. Detectors favour precision: a card number must pass Luhn, an IBAN its
// mod-97 check, a phone number needs a "+" country code or the (123) 456-7890 shape.

export const PII_DETECTORS = ['email', 'phone', 'credit_card', 'iban', 'us_ssn', 'ipv4'] as const;
export type PiiDetector = (typeof PII_DETECTORS)[number];

export interface PiiPattern {
  name: string;
  regex: string;
  flags?: string;
  /** Default `[REDACTED:<name>]`. */
  replace?: string;
}

export interface PiiRules {
  detectors: PiiDetector[];
  patterns: PiiPattern[];
}

interface Rule {
  name: string;
  re: RegExp;
  check?: (match: string) => boolean;
  replace: string;
}

const digits = (s: string) => s.replace(/\D/g, '');

function luhn(s: string): boolean {
  const d = digits(s);
  if (d.length < 13 || d.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

function ibanValid(s: string): boolean {
  const t = s.replace(/\s/g, '').toUpperCase();
  const moved = `${t.slice(4)}${t.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of moved) rem = (rem * 10 + Number(ch)) % 97;
  return rem === 1;
}

const BUILT_IN: Record<PiiDetector, Omit<Rule, 'replace'>> = {
  email: { name: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  phone: { name: 'phone', re: /(?:\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\b\d{3}[.-]\d{3}[.-]\d{4}\b)/g },
  credit_card: { name: 'credit_card', re: /\b\d(?:[ -]?\d){12,18}\b/g, check: luhn },
  iban: { name: 'iban', re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g, check: ibanValid },
  us_ssn: { name: 'us_ssn', re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  ipv4: { name: 'ipv4', re: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g },
};

let rules: Rule[] = [];

/** Compiles the rules (throws on a bad pattern: config/ validates them first). Replaces earlier ones. */
export function setPiiRules(r: PiiRules | undefined): void {
  const next: Rule[] = [];
  for (const d of r?.detectors ?? []) next.push({ ...BUILT_IN[d], replace: `[REDACTED:${d}]` });
  for (const p of r?.patterns ?? []) {
    const flags = [...new Set(`${p.flags ?? ''}g`)].join('');
    next.push({ name: p.name, re: new RegExp(p.regex, flags), replace: p.replace ?? `[REDACTED:${p.name}]` });
  }
  rules = next;
}

export function piiActive(): boolean {
  return rules.length > 0;
}

export function redactPii(text: string): string {
  let out = text;
  for (const r of rules) {
    r.re.lastIndex = 0;
    out = out.replace(r.re, (m) => (r.check && !r.check(m) ? m : r.replace));
  }
  return out;
}
