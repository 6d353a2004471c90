// Statistics for comparing runs, pure and deterministic: Wilson intervals for rates, a
// percentile bootstrap with a fixed seed for means and ratios, and the exact two-sided
// sign test for paired outcomes.

export interface Interval {
  low: number;
  high: number;
}

const Z95 = 1.959964;
/** Bootstrap resamples (a bound on work: tasks × resamples additions). */
export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 20260101;

/** Wilson score interval for k successes in n trials (95%). n = 0 gives [0, 1]. */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** mulberry32: a small seeded generator, so every bootstrap is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95% percentile bootstrap of sum(num)/sum(den) over items resampled with replacement
 * (a mean when every den is 1). Null when there is nothing to resample or no den.
 */
export function bootstrapRatio(items: { num: number; den: number }[], resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED): Interval | null {
  const n = items.length;
  if (n === 0 || items.every((i) => i.den === 0)) return null;
  const rand = seededRandom(seed);
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const it = items[Math.floor(rand() * n)];
      num += it.num;
      den += it.den;
    }
    if (den > 0) stats.push(num / den);
  }
  if (stats.length === 0) return null;
  stats.sort((a, b) => a - b);
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.floor(q * (stats.length - 1))))];
  return { low: at(0.025), high: at(0.975) };
}

export const bootstrapMean = (xs: number[], resamples?: number, seed?: number) => bootstrapRatio(xs.map((x) => ({ num: x, den: 1 })), resamples, seed);

/** Exact two-sided sign test: `plus` pairs favour B, `minus` favour A (ties left out). */
export function signTest(plus: number, minus: number): { n: number; plus: number; minus: number; p: number } {
  const n = plus + minus;
  if (n === 0) return { n, plus, minus, p: 1 };
  const k = Math.min(plus, minus);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return { n, plus, minus, p: Math.min(1, 2 * tail) };
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}
