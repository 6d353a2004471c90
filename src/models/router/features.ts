// Observable features of a task before any model sees it: how well a known skill matches,
// which known tags it carries, how familiar its entities are. Pure functions.

const STOP = new Set(
  'the a an and or of to in on for with from by is are be this that it as at your you into its all any use using write build make create given each what how when which then than there their them they not'.split(' '),
);

export function keywords(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w)));
}

export interface SkillLike {
  name: string;
  description: string;
  tags: string[];
}

/** Shared keywords that make a skill a full match. */
const FULL_MATCH = 3;

/** 0..1: the best skill's keyword overlap with the task, 1 at FULL_MATCH shared keywords. */
export function skillMatch(taskWords: Set<string>, skills: SkillLike[]): { score: number; skill: string | null } {
  let best = { score: 0, skill: null as string | null };
  for (const s of skills) {
    const words = keywords(`${s.name.replace(/-/g, ' ')} ${s.description} ${s.tags.join(' ')}`);
    let n = 0;
    for (const w of taskWords) if (words.has(w)) n++;
    const score = Math.min(1, n / FULL_MATCH);
    if (score > best.score) best = { score, skill: s.name };
  }
  return best;
}

/**
 * The task's tag cluster: its own tags, plus every tag seen in past outcomes that appears
 * as a word of the task. Sorted, lowercase.
 */
export function taskTags(text: string, ownTags: string[], knownTags: Iterable<string>): string[] {
  const words = keywords(text);
  const out = new Set(ownTags.map((t) => t.toLowerCase()));
  for (const t of knownTags) {
    const parts = t.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    if (parts.length && parts.every((p) => words.has(p))) out.add(t.toLowerCase());
  }
  return [...out].sort();
}

/** Jaccard overlap of two tag sets, 0 when either is empty. */
export function tagSimilarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const bs = new Set(b);
  let inter = 0;
  for (const t of a) if (bs.has(t)) inter++;
  return inter / (a.length + b.length - inter);
}

/**
 * How familiar the task's entities are, 0..1. The kernel feeds it from the agent's world model
 * (learn's worldFamiliarity); 0 when the world model knows none of them.
 */
export type FamiliarityProbe = (task: { text: string; tags: string[] }) => number;
