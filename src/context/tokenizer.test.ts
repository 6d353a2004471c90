// Token counting stays bounded on hostile text: whitespace-free runs are cut before BPE, and
// text past the exact limit is estimated (within its stated margin, never above a token per byte).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { countWith, ESTIMATE_MARGIN, tokenCounter } from './tokenizer.ts';

function letters(n: number, seed = 7): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(97 + (s % 26));
  }
  return out;
}

test('ordinary text counts exactly as before; a cut long run costs at most one token per cut', () => {
  const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
  const lib = createRequire(import.meta.url)('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens(t: string): number };
  assert.equal(countWith('o200k_base', prose), lib.countTokens(prose));
  const run = letters(2000);
  const plain = countWith('cl100k_base', run, { maxWordChars: 100_000, exactMaxChars: 1_000_000 });
  const cut = countWith('cl100k_base', run);
  assert.ok(cut >= plain - 1 && cut <= plain + Math.ceil(2000 / 256) + 1, `${cut} vs ${plain}`);
  // A surrogate pair is never cut in two.
  const emoji = '😀'.repeat(300);
  assert.ok(countWith('o200k_base', emoji) > 0);
});

test('past the exact limit the count is an estimate: above the samples, at most one token per byte', () => {
  const limits = { maxWordChars: 256, exactMaxChars: 8 * 1024 };
  const prose = 'Retries with jittered backoff keep a client polite under load. '.repeat(2000);
  const exact = countWith('o200k_base', prose, { maxWordChars: 256, exactMaxChars: 10_000_000 });
  const est = countWith('o200k_base', prose, limits);
  // Samples cut mid-word cost a token or two each: the estimate stays within the margin plus that.
  assert.ok(est >= exact && est <= Math.ceil(exact * ESTIMATE_MARGIN * 1.01) + 3, `${est} vs exact ${exact}`);
  const bytes = 'x'.repeat(100_000);
  assert.ok(countWith('o200k_base', bytes, limits) <= 100_000);
  assert.match(tokenCounter('gpt-4o', limits).describe, /text over 8 KiB is estimated from samples × 1\.25, at most one token per byte/);
});

test('2 MB without whitespace is counted in bounded time (before: minutes of BPE on one word)', { timeout: 60_000 }, () => {
  const counter = tokenCounter('claude-sonnet-4');
  const n = counter.count(letters(2 * 1024 * 1024));
  assert.ok(n > 0 && n <= Math.ceil(2 * 1024 * 1024 * 1.2));
});
