// Deterministic identity rules: when two names are the same concept, and when two claims
// say the same thing. No model is asked; the rules are plain text normalisation.
import { slugify } from '../skills.ts';

/** Singular form of one word by plain English endings (rate-limiters → rate-limiter). */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The identity key of a name: slug with each word singular ("Rate Limiters" → rate-limiter). */
export function conceptKey(name: string): string {
  return slugify(name)
    .split('-')
    .filter(Boolean)
    .map(singular)
    .join('-');
}

/** Every key a record answers to: its name and its aliases. */
export function keysOf(r: { name: string; aliases: string[] }): Set<string> {
  return new Set([r.name, ...r.aliases].map(conceptKey).filter(Boolean));
}

export function sharesKey(a: Set<string>, b: Set<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

const NEGATION = /\b(not|no|never|none|without|cannot|can't|won't|doesn't|don't|isn't|aren't)\b/;
const STOP = new Set('a an the of to in on for and or by with is are be as at it its that this from per usually often'.split(' '));

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
}

/**
 * Two claims say the same thing when they carry the same numbers, the same polarity, and at
 * least half of their content words (Jaccard). "100 requests per minute" and "60 requests per
 * minute" differ; "Vendor X allows 100 req per minute" and "Vendor X permits 100 req per minute" agree.
 */
export function sameClaim(a: string, b: string): boolean {
  const numbers = (t: string) => [...new Set(t.match(/\d+(?:\.\d+)?/g) ?? [])].sort().join(',');
  if (numbers(a) !== numbers(b)) return false;
  if (NEGATION.test(a.toLowerCase()) !== NEGATION.test(b.toLowerCase())) return false;
  const content = (t: string) => new Set(words(t).filter((w) => !STOP.has(w) && !/^\d/.test(w)).map(singular));
  const x = content(a);
  const y = content(b);
  if (x.size === 0 && y.size === 0) return a.trim().toLowerCase() === b.trim().toLowerCase();
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both) >= 0.5;
}

/** Why a proposed name cannot name a record, or undefined when it can. */
export function badName(name: string): string | undefined {
  if (/[\\/]|\.\.|^\s*\.|^~/.test(name)) return `"${clip(name)}" looks like a path; a world record is named, and the runtime places it under world/`;
  if (name.length > 80) return `name is ${name.length} characters (at most 80)`;
  if (!slugify(name)) return `name "${clip(name)}" has no letters or digits`;
  return undefined;
}

export function clip(s: string, n = 40): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
