// How familiar a task's entities are to the agent, 0..1, from its world model: the router's
// familiarity feature (models/router/demand.ts). Pure.
import type { WorldRecord } from './types.ts';

/** Records counted, at most: the best matches decide. */
const TOP = 3;
/** A hypothesis counts for half of what a confirmed record of the same confidence does. */
const HYPOTHESIS_WEIGHT = 0.5;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1));
}

/** Every word of the name (a slug, or an alias phrase) appears among the task's words. */
function named(name: string, taskWords: Set<string>): boolean {
  const parts = name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1);
  return parts.length > 0 && parts.every((p) => taskWords.has(p));
}

/**
 * The mean weight of the (at most three) best records the task names, by name, alias or tag;
 * a record's weight is its confidence, halved for a hypothesis. 0 when it names none.
 */
export function worldFamiliarity(task: { text: string; tags: readonly string[] }, world: readonly WorldRecord[]): number {
  if (world.length === 0) return 0;
  const taskWords = words(task.text);
  const tags = new Set(task.tags.map((t) => t.toLowerCase()));
  const weights: number[] = [];
  for (const r of world) {
    const hit = named(r.name, taskWords) || r.aliases.some((a) => named(a, taskWords)) || r.tags.some((t) => tags.has(t.toLowerCase()));
    if (!hit) continue;
    const c = Number.isFinite(r.confidence) ? Math.max(0, Math.min(1, r.confidence)) : 0;
    weights.push(r.status === 'confirmed' ? c : c * HYPOTHESIS_WEIGHT);
  }
  if (weights.length === 0) return 0;
  const best = weights.sort((a, b) => b - a).slice(0, TOP);
  return best.reduce((a, b) => a + b, 0) / best.length;
}
