// Token counting for the context budget, with a real tokenizer for the model's family.
// OpenAI-family models are counted exactly with gpt-tokenizer (pure JS BPE: o200k_base for
// gpt-4o, gpt-4.1, gpt-5, o-series and gpt-oss; cl100k_base for gpt-4 and gpt-3.5). Other
// families have no offline tokenizer we can ship that matches their current models:
// Anthropic publishes none for Claude 3+ (only a token-counting API call, which would cost a
// network round trip per task), and Llama, Qwen, Mistral and the rest each have their own
// vocabularies. For them we count with cl100k_base and add a safety margin (×1.2 for Claude,
// ×1.1 for others), so the budget errs on the side of leaving room; context.md says so.
//
// BPE is quadratic in the length of one pre-token (a "word"): 300 KB without whitespace froze
// the process for ~26 s. So the text is never handed over whole: runs of more than
// `maxWordChars` non-space (or space) characters are cut into pieces of that size (each cut
// adds at most a token), and text longer than `exactMaxChars` is estimated from three samples
// (head, middle, tail) scaled to its length × 1.25, never above its UTF-8 byte count (a
// byte-level BPE emits at most one token per byte). Both bounds: agents.yaml `context:`.
import { createRequire } from 'node:module';
import { DEFAULT_LIMITS, type TokenizerLimits } from '../config/index.ts';

export type Encoding = 'o200k_base' | 'cl100k_base';

export interface TokenCounter {
  encoding: Encoding;
  /** Multiplier applied to the encoding's count (1 when the encoding is the model's own). */
  margin: number;
  /** One line for context.md: what counted and how exact it is. */
  describe: string;
  count(text: string): number;
}

interface Encoder {
  countTokens(text: string, opts?: { disallowedSpecial?: Set<string> }): number;
}

const require = createRequire(import.meta.url);
const loaded = new Map<Encoding, Encoder>();
// Model output may contain strings like "<|endoftext|>": count them as text, never throw.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Loaded on first use (the rank tables take a few hundred ms), then kept. */
function encoder(e: Encoding): Encoder {
  let enc = loaded.get(e);
  if (!enc) {
    enc = require(`gpt-tokenizer/cjs/encoding/${e}`) as Encoder;
    loaded.set(e, enc);
  }
  return enc;
}

/** Margin applied to a sampled estimate (the rest may be denser than the samples). */
export const ESTIMATE_MARGIN = 1.25;

/** Tokens of `text`: exact (with long runs cut) up to limits.exactMaxChars, an estimate beyond. */
export function countWith(encoding: Encoding, text: string, limits: TokenizerLimits = DEFAULT_LIMITS.tokenizer): number {
  if (!text) return 0;
  if (text.length <= limits.exactMaxChars) return countCut(encoder(encoding), text, limits.maxWordChars);
  const part = Math.max(1, Math.floor(limits.exactMaxChars / 3));
  const mid = Math.floor((text.length - part) / 2);
  const samples = [text.slice(0, part), text.slice(mid, mid + part), text.slice(text.length - part)];
  const tokens = samples.reduce((n, s) => n + countCut(encoder(encoding), s, limits.maxWordChars), 0);
  const chars = samples.reduce((n, s) => n + s.length, 0);
  return Math.min(Buffer.byteLength(text), Math.ceil((tokens / chars) * text.length * ESTIMATE_MARGIN));
}

/** Exact count, except that runs longer than `max` characters are counted in pieces of `max`. */
function countCut(enc: Encoder, text: string, max: number): number {
  const long = new RegExp(`\\S{${max + 1},}|\\s{${max + 1},}`, 'g');
  let n = 0;
  let from = 0;
  for (const m of text.matchAll(long)) {
    if (m.index > from) n += enc.countTokens(text.slice(from, m.index), AS_TEXT);
    const run = m[0];
    for (let i = 0; i < run.length; ) {
      let end = Math.min(run.length, i + max);
      // Never cut a surrogate pair in two.
      if (end < run.length && /[\uD800-\uDBFF]/.test(run[end - 1])) end--;
      n += enc.countTokens(run.slice(i, end), AS_TEXT);
      i = end;
    }
    from = m.index + run.length;
  }
  if (from < text.length) n += enc.countTokens(from === 0 ? text : text.slice(from), AS_TEXT);
  return n;
}

export function familyOf(model: string): { encoding: Encoding; margin: number; family: string } {
  const m = model.toLowerCase().replace(/^.*\//, ''); // "openai/gpt-4o" → "gpt-4o"
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o[134](-|$)|chatgpt-4o|gpt-oss|gpt-realtime|gpt-audio)/.test(m)) return { encoding: 'o200k_base', margin: 1, family: 'openai' };
  if (/^(gpt-4|gpt-3\.5|text-embedding)/.test(m)) return { encoding: 'cl100k_base', margin: 1, family: 'openai' };
  if (/claude/.test(m)) return { encoding: 'cl100k_base', margin: 1.2, family: 'anthropic' };
  return { encoding: 'cl100k_base', margin: 1.1, family: 'other' };
}

export function tokenCounter(model: string, limits: TokenizerLimits = DEFAULT_LIMITS.tokenizer): TokenCounter {
  const { encoding, margin, family } = familyOf(model);
  const big = `; text over ${Math.round(limits.exactMaxChars / 1024)} KiB is estimated from samples × ${ESTIMATE_MARGIN}, at most one token per byte`;
  const describe =
    (margin === 1
      ? `${encoding} (exact for ${model})`
      : `${encoding} × ${margin} (an estimate: no offline tokenizer matches ${family === 'anthropic' ? 'current Claude models' : model}; the margin keeps the budget safe)`) + big;
  return { encoding, margin, describe, count: (text) => Math.ceil(countWith(encoding, text, limits) * margin) };
}
