// Token counting for the context budget, with a real tokenizer for the model's family.
// OpenAI-family models are counted exactly with gpt-tokenizer (pure JS BPE: o200k_base for
// gpt-4o, gpt-4.1, gpt-5, o-series and gpt-oss; cl100k_base for gpt-4 and gpt-3.5). Other
// families have no offline tokenizer we can ship that matches their current models:
// Anthropic publishes none for Claude 3+ (only a token-counting API call, which would cost a
// network round trip per task), and Llama, Qwen, Mistral and the rest each have their own
// vocabularies. For them we count with cl100k_base and add a safety margin (×1.2 for Claude,
// ×1.1 for others), so the budget errs on the side of leaving room; context.md says so.
import { createRequire } from 'node:module';

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

export function countWith(encoding: Encoding, text: string): number {
  return text ? encoder(encoding).countTokens(text, AS_TEXT) : 0;
}

export function familyOf(model: string): { encoding: Encoding; margin: number; family: string } {
  const m = model.toLowerCase().replace(/^.*\//, ''); // "openai/gpt-4o" → "gpt-4o"
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o[134](-|$)|chatgpt-4o|gpt-oss|gpt-realtime|gpt-audio)/.test(m)) return { encoding: 'o200k_base', margin: 1, family: 'openai' };
  if (/^(gpt-4|gpt-3\.5|text-embedding)/.test(m)) return { encoding: 'cl100k_base', margin: 1, family: 'openai' };
  if (/claude/.test(m)) return { encoding: 'cl100k_base', margin: 1.2, family: 'anthropic' };
  return { encoding: 'cl100k_base', margin: 1.1, family: 'other' };
}

export function tokenCounter(model: string): TokenCounter {
  const { encoding, margin, family } = familyOf(model);
  const describe =
    margin === 1
      ? `${encoding} (exact for ${model})`
      : `${encoding} × ${margin} (an estimate: no offline tokenizer matches ${family === 'anthropic' ? 'current Claude models' : model}; the margin keeps the budget safe)`;
  return { encoding, margin, describe, count: (text) => Math.ceil(countWith(encoding, text) * margin) };
}
