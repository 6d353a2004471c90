// Searching an agent's memory for the MCP tool search_memory: the retrieval index (BM25 over the
// agent's skills, world records, rewards and reflections, and the shared segments), filtered by
// kind, each hit with a snippet and the resource URI that reads the whole record.
import { terms, type ContextIndex } from '../../context/index.ts';

export const MEMORY_KINDS = ['skills', 'world', 'rewards', 'reflections', 'segments'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];
/** Characters of a record's body shown per hit (the resource has the rest). */
export const SNIPPET_CHARS = 600;
export const MAX_HITS = 50;

export function kindOf(docKind: string): MemoryKind {
  if (docKind === 'skill') return 'skills';
  if (docKind === 'reward') return 'rewards';
  if (docKind === 'reflection') return 'reflections';
  if (docKind === 'segment') return 'segments';
  return 'world';
}

/** The agentos:// URI of an indexed record's file, where one is served (rewards and reflections are not). */
export function resourceUriOf(agent: string, source: string): string | undefined {
  const skill = /^skills\/([^/]+)\/SKILL\.md$/.exec(source);
  if (skill) return `agentos://agents/${agent}/skills/${skill[1]}`;
  const world = /^world\/(entities|relations|hypotheses)\/([^/]+)\.md$/.exec(source);
  if (world) return `agentos://agents/${agent}/world/${world[1]}/${world[2]}`;
  const seg = /^shared\/iac\/segments\/([^/]+)\.md$/.exec(source);
  if (seg) return `agentos://shared/segments/${seg[1]}`;
  return undefined;
}

export interface MemoryHit {
  kind: MemoryKind;
  title: string;
  source: string;
  uri?: string;
  tags: string[];
  /** Standing the learning rules gave it (skill evidence, world confidence), about 0..1. */
  weight: number;
  snippet: string;
}

/** Best matches first; undefined when the query has no searchable word. */
export function searchMemory(index: ContextIndex, agent: string, query: string, kinds: readonly MemoryKind[], limit: number): MemoryHit[] | undefined {
  const words = terms(query);
  if (!words.length) return undefined;
  const wanted = new Set(kinds.length ? kinds : MEMORY_KINDS);
  const n = Math.max(1, Math.min(limit, MAX_HITS));
  // Over-fetch: hits of unwanted kinds are dropped after ranking.
  const hits = index.search(agent, words, wanted.size === MEMORY_KINDS.length ? n : n * 5);
  return hits
    .filter((h) => wanted.has(kindOf(h.kind)))
    .slice(0, n)
    .map((h) => {
      const uri = resourceUriOf(agent, h.source);
      const body = h.body.trim();
      return {
        kind: kindOf(h.kind), title: h.title, source: h.source, ...(uri && { uri }), tags: h.tags, weight: Math.round(h.weight * 1000) / 1000,
        snippet: body.length > SNIPPET_CHARS ? `${body.slice(0, SNIPPET_CHARS)}…` : body,
      };
    });
}
