// Resolving what git's three-way merge calls a conflict but is not one for a revert: later tasks
// appended right next to the lines the reverted task wrote (rewards.md, reflections.md grow by
// entries, newest last). In a diff3 hunk where "ours" (now) is the base with lines added after
// (or before) it, the revert's side replaces the base and the added lines stay. Any other hunk is
// a real conflict: later tasks changed the same lines. Pure: text in, text (or undefined) out.

/** Marker length passed to `git merge-file --marker-size`: long enough not to occur in records. */
export const MARKER_SIZE = 40;

const OURS = `${'<'.repeat(MARKER_SIZE)} `;
const BASE = `${'|'.repeat(MARKER_SIZE)} `;
const SPLIT = '='.repeat(MARKER_SIZE);
const THEIRS = `${'>'.repeat(MARKER_SIZE)} `;

/** The merged text of `git merge-file -p --diff3 --marker-size=MARKER_SIZE` output with its hunks resolved, or undefined when one is a real conflict. */
export function resolveAdjacent(merged: string): string | undefined {
  const lines = merged.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith(OURS)) {
      out.push(lines[i]);
      continue;
    }
    const section = (start: number, stop: (l: string) => boolean): [string[], number] => {
      const got: string[] = [];
      let j = start;
      while (j < lines.length && !stop(lines[j])) got.push(lines[j++]);
      if (j >= lines.length) throw new Error('unterminated conflict hunk');
      return [got, j];
    };
    let ours: string[], base: string[], theirs: string[], j: number;
    try {
      [ours, j] = section(i + 1, (l) => l.startsWith(BASE));
      [base, j] = section(j + 1, (l) => l === SPLIT);
      [theirs, j] = section(j + 1, (l) => l.startsWith(THEIRS));
    } catch {
      return undefined;
    }
    const resolved = adjacent(ours, base, theirs);
    if (!resolved) return undefined;
    out.push(...resolved);
    i = j;
  }
  return out.join('\n');
}

/** ours = base + added → theirs + added; ours = added + base → added + theirs; else undefined. */
function adjacent(ours: string[], base: string[], theirs: string[]): string[] | undefined {
  const starts = base.every((l, k) => ours[k] === l);
  if (starts && ours.length > base.length) return [...theirs, ...ours.slice(base.length)];
  const off = ours.length - base.length;
  const ends = off > 0 && base.every((l, k) => ours[off + k] === l);
  if (ends) return [...ours.slice(0, off), ...theirs];
  return undefined;
}
