// RouteLLM's evaluation (Ong et al., arXiv:2406.18665; routellm/evals/benchmarks.py and
// evaluate.py at the commit named in the data README), reproduced:
//
// - Each prompt has a score, the router's estimate of how much the strong model is needed.
// - Thresholds are the 11 edges of 10 equal-count bins of the scores (pandas qcut: the
//   quantiles 0, 0.1, …, 1 with linear interpolation). At edge i a prompt goes to the strong
//   model when score >= edge (score > edge at the last edge, which sends nothing), giving one
//   (strong-call share, performance) point per edge.
// - APGR = (AUC − weak·span) / ((strong − weak)·span): the trapezoid area under performance
//   over strong-call share, against the same area for the weak and the strong model alone.
// - CPT(x%) = the strong-call share at which performance first reaches weak + x·(strong − weak),
//   by linear interpolation between the points sorted by share (RouteLLM uses np.interp).

export interface CurvePoint {
  /** Share of calls routed to the strong model, 0..1. */
  strongShare: number;
  performance: number;
}

export interface RouterMetrics {
  apgr: number;
  /** Strong-call share (0..1) to reach 50% / 80% of the performance gap; null if never reached. */
  cpt50: number | null;
  cpt80: number | null;
  weak: number;
  strong: number;
  points: CurvePoint[];
}

/** pandas/numpy default quantile: linear interpolation between order statistics. */
export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function routerCurve(scores: number[], weak: number[], strong: number[], bins = 10): CurvePoint[] {
  const sorted = [...scores].sort((a, b) => a - b);
  const points: CurvePoint[] = [];
  for (let i = 0; i <= bins; i++) {
    const edge = quantile(sorted, i / bins);
    let calls = 0;
    let total = 0;
    scores.forEach((s, j) => {
      const toStrong = i < bins ? s >= edge : s > edge;
      if (toStrong) calls++;
      total += toStrong ? strong[j] : weak[j];
    });
    points.push({ strongShare: calls / scores.length, performance: total / scores.length });
  }
  return points.sort((a, b) => a.strongShare - b.strongShare);
}

export function cpt(points: CurvePoint[], weak: number, strong: number, fraction: number): number | null {
  const goal = weak + fraction * (strong - weak);
  if (points[0].performance >= goal) return points[0].strongShare;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (b.performance >= goal) {
      if (b.performance === a.performance) return b.strongShare;
      return a.strongShare + ((goal - a.performance) / (b.performance - a.performance)) * (b.strongShare - a.strongShare);
    }
  }
  return null;
}

export function routerMetrics(scores: number[], weak: number[], strong: number[], bins = 10): RouterMetrics {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const w = mean(weak);
  const s = mean(strong);
  const points = routerCurve(scores, weak, strong, bins);
  let auc = 0;
  for (let i = 1; i < points.length; i++) {
    auc += ((points[i].performance + points[i - 1].performance) / 2) * (points[i].strongShare - points[i - 1].strongShare);
  }
  const span = points[points.length - 1].strongShare - points[0].strongShare;
  return { apgr: (auc - w * span) / ((s - w) * span), cpt50: cpt(points, w, s, 0.5), cpt80: cpt(points, w, s, 0.8), weak: w, strong: s, points };
}

/**
 * Cost of always-strong over the router's cost at a strong-call share, calls assumed equal in
 * tokens (RouteLLM Table 6 prices: GPT-4 $24.7 and Mixtral $0.24 per million tokens).
 */
export function costSaving(strongShare: number, weakPrice = 0.24, strongPrice = 24.7): number {
  return strongPrice / (strongShare * strongPrice + (1 - strongShare) * weakPrice);
}
