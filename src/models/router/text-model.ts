// A small online model of "will this tier succeed on this text?": one logistic regression
// per tier over generic text-shape features (length, how many numbers, how large, ...) and
// hashed word unigrams and bigrams, trained by AdaGrad one outcome at a time. It sees only
// what a router has before the call: the task text.

/** Characters of task text the model reads (and the ledger keeps for rebuilding it). */
export const TEXT_LIMIT = 1000;
const HASH_BITS = 14;
const HASH_OFFSET = 64;
const HASH_VALUE = 0.3;
const LEARNING_RATE = 0.05;
const L2 = 1e-4;

const NUMBER_WORDS = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|million|half|third|quarter|twice|double|triple)\b/gi;

/** Dense features: the shape of the text, not its domain. */
export function denseFeatures(text: string): number[] {
  const words = text.split(/\s+/).filter(Boolean);
  const numbers = (text.match(/\d[\d,]*(\.\d+)?/g) ?? []).map((n) => Number(n.replace(/,/g, ''))).filter(Number.isFinite);
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  return [
    Math.log1p(words.length),
    numbers.length,
    new Set(numbers).size,
    numbers.filter((n) => n >= 100).length,
    Math.log1p(Math.max(0, ...numbers)),
    count(/\d\.\d/g),
    count(/%|percent/gi),
    count(/\d+\/\d+/g),
    count(/\$/g),
    count(/[.!?](\s|$)/g),
    count(NUMBER_WORDS),
    count(/\n/g),
    count(/[`{}()[\];=<>]/g) / 10,
  ];
}

const DENSE = denseFeatures('').length;

function hash(s: string): number {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return (x >>> 0) & ((1 << HASH_BITS) - 1);
}

/** Hashed unigram and bigram buckets; digits fold to 0 so "12 apples" ~ "7 apples". */
export function hashedFeatures(text: string): number[] {
  const toks = text.toLowerCase().replace(/\d+/g, '0').split(/[^a-z0$%]+/).filter(Boolean);
  const out = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    out.add(hash(toks[i]));
    if (i > 0) out.add(hash(`${toks[i - 1]} ${toks[i]}`));
  }
  return [...out];
}

type Sparse = [index: number, value: number][];

/** Running mean and variance (Welford) so dense features are standardised online. */
class Standardizer {
  n = 0;
  private readonly mean = new Array<number>(DENSE).fill(0);
  private readonly m2 = new Array<number>(DENSE).fill(0);

  apply(d: number[]): number[] {
    return d.map((v, i) => {
      const sd = this.n > 1 ? Math.sqrt(this.m2[i] / (this.n - 1)) : 0;
      return sd > 0 ? (v - this.mean[i]) / sd : 0;
    });
  }

  update(d: number[]): void {
    this.n++;
    d.forEach((v, i) => {
      const delta = v - this.mean[i];
      this.mean[i] += delta / this.n;
      this.m2[i] += delta * (v - this.mean[i]);
    });
  }
}

class Logistic {
  n = 0;
  private readonly w = new Map<number, number>();
  private readonly g = new Map<number, number>();

  predict(x: Sparse): number {
    let z = 0;
    for (const [i, v] of x) z += (this.w.get(i) ?? 0) * v;
    return 1 / (1 + Math.exp(-z));
  }

  /** One AdaGrad step towards y (0..1; a partial success may be 0.5). */
  learn(x: Sparse, y: number): void {
    const err = this.predict(x) - y;
    for (const [i, v] of x) {
      const w = this.w.get(i) ?? 0;
      const grad = err * v + L2 * w;
      const g = (this.g.get(i) ?? 0) + grad * grad;
      this.g.set(i, g);
      this.w.set(i, w - (LEARNING_RATE * grad) / Math.sqrt(g + 1e-8));
    }
    this.n++;
  }
}

export class TextModel {
  private readonly scale = new Standardizer();
  private readonly heads = new Map<string, Logistic>();

  private vector(text: string): { dense: number[]; x: Sparse } {
    const t = text.slice(0, TEXT_LIMIT);
    const dense = denseFeatures(t);
    const x: Sparse = [[0, 1]];
    this.scale.apply(dense).forEach((v, i) => x.push([1 + i, v]));
    for (const h of hashedFeatures(t)) x.push([HASH_OFFSET + h, HASH_VALUE]);
    return { dense, x };
  }

  /** Outcomes this head has learned from. */
  seen(head: string): number {
    return this.heads.get(head)?.n ?? 0;
  }

  /** P(success) per head for this text; undefined for a head that learned nothing yet. */
  predict(text: string, heads: readonly string[]): Record<string, number | undefined> {
    const { x } = this.vector(text);
    return Object.fromEntries(heads.map((h) => [h, this.heads.get(h)?.n ? this.heads.get(h)!.predict(x) : undefined]));
  }

  /** Learns the revealed outcomes of one text (one or several heads). */
  learn(text: string, outcomes: Record<string, number>): void {
    const { dense, x } = this.vector(text);
    for (const [head, y] of Object.entries(outcomes)) {
      let m = this.heads.get(head);
      if (!m) this.heads.set(head, (m = new Logistic()));
      m.learn(x, y);
    }
    this.scale.update(dense);
  }
}
