// Replay of recorded strong/weak outcomes through AgentOS's own router, prequentially: each
// prompt is scored by the router as it stands (it has seen only the earlier prompts and their
// outcomes), then the router learns both revealed outcomes. No outcome is read before its
// prompt is scored.
import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/eval/stats.ts';
import { AgentOsError } from '../src/errors.ts';
import { DEFAULT_ROUTE_TABLE, Router } from '../src/models/index.ts';
import { costSaving, routerMetrics, type RouterMetrics } from './routellm-metrics.ts';

export interface ReplayLine {
  id: string;
  prompt: string;
  /** Performance of each model on this prompt: correct → 1/0, or an MT-Bench score. */
  weak: number;
  strong: number;
  /** The same as 0..1 success, for the router to learn from. */
  weakSuccess: number;
  strongSuccess: number;
  tags: string[];
}

export class ReplayFormatError extends AgentOsError<'REPLAY_FORMAT'> {
  constructor(file: string, line: number, detail: string) {
    super('REPLAY_FORMAT', `${file}:${line}: ${detail}; expected {"id","prompt","outcomes":{"weak":{"model","correct"},"strong":{"model","correct"}}}`);
  }
}

function outcome(o: unknown): { perf: number; success: number } | undefined {
  const v = o as { correct?: unknown; score_mean?: unknown; score?: unknown } | null;
  if (typeof v?.correct === 'boolean') return { perf: v.correct ? 1 : 0, success: v.correct ? 1 : 0 };
  const score = typeof v?.score_mean === 'number' ? v.score_mean : typeof v?.score === 'number' ? v.score : undefined;
  // MT-Bench: a 1-10 judge score.
  if (score !== undefined) return { perf: score, success: Math.max(0, Math.min(1, (score - 1) / 9)) };
  return undefined;
}

/** Reads FILE.jsonl; lines marked `contaminated` are left out as the paper does, unless kept. */
export function loadReplay(file: string, opts: { keepContaminated?: boolean } = {}): { lines: ReplayLine[]; skipped: number } {
  const text = readFileSync(file, 'utf8');
  const lines: ReplayLine[] = [];
  let skipped = 0;
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let row: any;
    try {
      row = JSON.parse(raw);
    } catch (e) {
      throw new ReplayFormatError(file, i + 1, `not JSON (${(e as Error).message})`);
    }
    if (typeof row?.prompt !== 'string') throw new ReplayFormatError(file, i + 1, 'no "prompt" string');
    const weak = outcome(row.outcomes?.weak);
    const strong = outcome(row.outcomes?.strong);
    if (!weak || !strong) throw new ReplayFormatError(file, i + 1, 'outcomes.weak and outcomes.strong need "correct" (boolean) or "score_mean"');
    if (row.contaminated === true && !opts.keepContaminated) {
      skipped++;
      return;
    }
    lines.push({
      id: String(row.id ?? `line-${i + 1}`),
      prompt: row.prompt,
      weak: weak.perf,
      strong: strong.perf,
      weakSuccess: weak.success,
      strongSuccess: strong.success,
      tags: Array.isArray(row.tags) ? row.tags.map(String) : [],
    });
  });
  if (lines.length < 10) throw new ReplayFormatError(file, 1, `only ${lines.length} usable line(s); the metrics need at least 10`);
  return { lines, skipped };
}

/** The router's score per prompt: expected success on the strongest tier minus the cheapest. */
export function replayScores(lines: ReplayLine[]): number[] {
  const router = new Router();
  const scores: number[] = [];
  for (const l of lines) {
    const d = router.decide({
      text: l.prompt, tags: l.tags, priority: 'normal', skills: [], familiarity: 0,
      riskLevel: 'medium', targetSuccess: 0.8, learn: true, table: DEFAULT_ROUTE_TABLE,
    });
    scores.push(d.expected.strongest - d.expected['cheap-fast']);
    router.observe({ text: l.prompt, tags: l.tags, attempts: [{ tier: 'cheap-fast', success: l.weakSuccess }, { tier: 'strongest', success: l.strongSuccess }] });
  }
  return scores;
}

/** The seeded generator (mulberry32) the evaluation statistics use: runs repeat exactly. */
export const seeded = seededRandom;

export interface ReplayResult {
  n: number;
  skipped: number;
  router: RouterMetrics;
  random: { apgr: number; apgrLow: number; apgrHigh: number; cpt50: number | null; cpt80: number | null; runs: number };
  costSaving50: number | null;
  costSaving80: number | null;
  ms: number;
}

export function runReplay(lines: ReplayLine[], skipped = 0, randomRuns = 20): ReplayResult {
  const t0 = performance.now();
  const weak = lines.map((l) => l.weak);
  const strong = lines.map((l) => l.strong);
  const router = routerMetrics(replayScores(lines), weak, strong);
  const ms = performance.now() - t0;
  const rand = Array.from({ length: randomRuns }, (_, k) => {
    const rnd = seeded(1000 + k);
    return routerMetrics(lines.map(() => rnd()), weak, strong);
  });
  const apgrs = rand.map((r) => r.apgr).sort((a, b) => a - b);
  const avg = (v: (number | null)[]) => {
    const ok = v.filter((x): x is number => x !== null);
    return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
  };
  return {
    n: lines.length,
    skipped,
    router,
    random: {
      apgr: avg(apgrs)!,
      apgrLow: apgrs[Math.floor(0.025 * (apgrs.length - 1))],
      apgrHigh: apgrs[Math.ceil(0.975 * (apgrs.length - 1))],
      cpt50: avg(rand.map((r) => r.cpt50)),
      cpt80: avg(rand.map((r) => r.cpt80)),
      runs: randomRuns,
    },
    costSaving50: router.cpt50 === null ? null : costSaving(router.cpt50),
    costSaving80: router.cpt80 === null ? null : costSaving(router.cpt80),
    ms,
  };
}
