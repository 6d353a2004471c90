// Duplicate concepts (one subject under several names, found through names and aliases)
// collapse into the oldest record, keeping all the evidence of every one of them.
import { confidenceOf, MAX_EVIDENCE } from './confidence.ts';
import { keysOf } from './names.ts';
import { mergeBodies } from './notes.ts';
import type { WorldRecord } from './types.ts';

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** The oldest first (first_seen, then name): it gives the merged record its name. */
export function byAge(a: WorldRecord, b: WorldRecord): number {
  return a.first_seen.localeCompare(b.first_seen) || a.name.localeCompare(b.name);
}

/** `voice`: the member whose claim the merged record keeps; by default the best-backed one. */
export function mergeRecords(group: WorldRecord[], voice?: WorldRecord): WorldRecord {
  const [keep, ...rest] = [...group].sort(byAge);
  const all = [keep, ...rest];
  const contradicts = uniq(all.flatMap((r) => r.evidence.contradicts));
  const supports = uniq(all.flatMap((r) => r.evidence.supports)).filter((t) => !contradicts.includes(t));
  const verified = uniq(all.flatMap((r) => r.evidence.verified));
  const evidence = { supports: supports.slice(-MAX_EVIDENCE), contradicts: contradicts.slice(-MAX_EVIDENCE), verified: [] as string[] };
  evidence.verified = verified.filter((t) => evidence.supports.includes(t) || evidence.contradicts.includes(t));
  // The claim best backed by evidence speaks for the concept; ties go to the oldest.
  voice ??= [...all].sort((a, b) => confidenceOf(b.evidence) - confidenceOf(a.evidence) || byAge(a, b))[0];
  const names = uniq(all.flatMap((r) => [r.name, ...r.aliases])).filter((n) => n !== keep.name);
  const confirmedAt = all.map((r) => r.last_confirmed).filter((t): t is string => !!t).sort();
  return {
    ...keep,
    claim: voice.claim,
    status: all.some((r) => r.status === 'confirmed') ? 'confirmed' : 'hypothesis',
    aliases: names,
    tags: uniq(all.flatMap((r) => r.tags)).slice(0, 12),
    evidence,
    confidence: confidenceOf(evidence),
    last_confirmed: confirmedAt.at(-1) ?? null,
    supersedes: all.flatMap((r) => r.supersedes).slice(-5),
    source: uniq(all.flatMap((r) => r.source)).slice(-MAX_EVIDENCE),
    body: mergeBodies(all.map((r) => r.body)),
  };
}

/** Groups of records that share a key, transitively; singletons are not returned. */
export function duplicateGroups(records: WorldRecord[]): WorldRecord[][] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  records.forEach((r, i) => {
    for (const k of keysOf(r)) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, WorldRecord[]>();
  records.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  return [...groups.values()].filter((g) => g.length > 1);
}
