// Retrieval for one task: BM25 over the index by the task's words, boosted by learned
// context_tags the task mentions, by the standing the learning rules gave each record
// (skill evidence, world confidence), and by recency for time-series records.
import type { ContextIndex, SearchHit } from './index-db.ts';

export interface Query {
  text: string;
  /** Tags given with the task plus learned tags its text mentions. */
  tags: string[];
}

export interface Scored {
  doc: SearchHit;
  score: number;
  bm25: number;
  tagHits: string[];
}

export interface RetrieveOptions {
  now: Date;
  /** Candidates taken from the full-text match before re-scoring. */
  limit?: number;
  /** Score multiplier per matching tag: × (1 + tagBoost × hits). */
  tagBoost?: number;
  /** Half-life in days of rewards and reflections (skills and beliefs have their own decay). */
  recencyHalfLifeDays?: number;
  /** false: plain bm25 order, no boosts (a baseline). */
  boosts?: boolean;
}

const STOP = new Set(
  `a about above after again all also an and any are as at be because been before being below between both but by can could
  did do does doing down during each few for from further had has have having here how if in into is it its itself just me
  more most my no nor not now of off on once only or other our out over own same should so some such than that the their
  them then there these they this those through to too under until up use using very was we were what when where which while
  who whom why will with would you your write make give get new one two please task tasks need needs want`.split(/\s+/),
);

/** Content words of a text: lowercase, 2+ characters, no stopwords, first 40 distinct. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9][a-z0-9_]*/g) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !STOP.has(w)))].slice(0, 40);
}

/** An FTS5 MATCH expression: any of the terms, each quoted so no word is read as syntax. */
export function matchExpression(words: string[]): string {
  return words.map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ');
}

/** Learned tags by each of their words, built once per vocabulary (see mentionedTags). */
export interface TagIndex {
  byWord: Map<string, string[]>;
}

const stem = (w: string) => w.replace(/s$/, '');

export function tagIndex(vocabulary: Iterable<string>): TagIndex {
  const byWord = new Map<string, string[]>();
  for (const tag of new Set(vocabulary)) {
    const first = tag.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)[0];
    if (first) byWord.set(stem(first), [...(byWord.get(stem(first)) ?? []), tag]);
  }
  return { byWord };
}

/** Learned tags that the task's text mentions (every word of the tag appears). */
export function mentionedTags(text: string, vocabulary: Iterable<string> | TagIndex): string[] {
  const index = 'byWord' in vocabulary ? vocabulary : tagIndex(vocabulary);
  const words = new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem));
  const out: string[] = [];
  for (const w of words) {
    for (const tag of index.byWord.get(w) ?? []) {
      if (tag.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).every((p) => words.has(stem(p)))) out.push(tag);
    }
  }
  return [...new Set(out)];
}

export function retrieve(index: ContextIndex, agent: string, q: Query, opts: RetrieveOptions): Scored[] {
  const words = [...new Set([...terms(q.text), ...q.tags.flatMap((t) => terms(t.replace(/-/g, ' ')))])];
  const hits = index.search(agent, words, opts.limit ?? 60);
  const tags = new Set(q.tags.map((t) => t.toLowerCase()));
  const boost = opts.tagBoost ?? 0.5;
  const halfLife = (opts.recencyHalfLifeDays ?? 30) * 86_400_000;
  const scored = hits.map((doc) => {
    const bm25 = -doc.rank;
    const tagHits = doc.tags.filter((t) => tags.has(t.toLowerCase()));
    if (opts.boosts === false) return { doc, score: bm25, bm25, tagHits };
    const standing = 0.5 + 0.5 * Math.max(0, Math.min(1, doc.weight));
    const timed = doc.kind === 'reward' || doc.kind === 'reflection';
    const age = doc.time > 0 ? Math.max(0, opts.now.getTime() - doc.time) : 0;
    const recency = timed ? 0.5 + 0.5 * 0.5 ** (age / halfLife) : 1;
    return { doc, score: bm25 * (1 + boost * tagHits.length) * standing * recency, bm25, tagHits };
  });
  // Scores within a millionth of each other are ties, broken by id: a skill's weight is computed
  // when it is indexed, so an index rebuilt later (a restart, a replay) differs by its decay since.
  return scored.sort((a, b) => (Math.abs(b.score - a.score) > 1e-6 * Math.max(Math.abs(a.score), Math.abs(b.score)) ? b.score - a.score : a.doc.id.localeCompare(b.doc.id)));
}
