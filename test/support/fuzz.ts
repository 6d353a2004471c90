// Shared by the adversarial and fuzz tests: a seeded generator (runs repeat exactly) and the
// table each prints (attack, cases, crashes, hangs, lost, clear error).

/** The seeded generator (mulberry32) the evaluation statistics use: runs repeat exactly. */
import { seededRandom } from '../../src/eval/stats.ts';
export const seeded = seededRandom;

export const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export interface FuzzRow {
  attack: string;
  cases: number;
  crashes: number;
  hangs: number;
  lost: number;
  /** Failures reported with a clear error, of all failures reported. */
  clear: [number, number];
}

export function tableLines(rows: FuzzRow[]): string[] {
  const head = '| attack | cases | crashes | hangs | lost | clear error |';
  return [head, '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.attack} | ${r.cases} | ${r.crashes} | ${r.hangs} | ${r.lost} | ${r.clear[0]}/${r.clear[1]} |`)];
}

/** A reason a person can act on: one paragraph, no stack trace, no control characters, not empty. */
export function isClear(reason: unknown): boolean {
  return typeof reason === 'string' && reason.trim().length > 8 && reason.length < 4000 && !/\n\s+at .+:\d+:\d+/.test(reason) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(reason) && !/\[object Object\]|undefined is not|Cannot read prop/.test(reason);
}

/** Resolves with the value, or 'hang' when `ms` pass first. */
export async function within<T>(ms: number, p: Promise<T>): Promise<T | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), ms)));
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}
