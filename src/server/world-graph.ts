// The world model as a graph for the dashboard (pure): one node per record (entity, relation,
// hypothesis) with its confidence and evidence, one node per tag two or more records share, and
// an edge when a record's claim names another record (by name or alias) or carries a shared tag.
import type { WorldRecord } from '../learn/index.ts';

export interface GraphNode {
  id: string;
  type: 'record' | 'tag';
  label: string;
  kind?: string;
  status?: string;
  claim?: string;
  confidence?: number;
  tags?: string[];
  aliases?: string[];
  evidence?: WorldRecord['evidence'];
  supersedes?: WorldRecord['supersedes'];
  firstSeen?: string;
  lastConfirmed?: string | null;
}

export interface GraphEdge {
  source: string;
  target: string;
  type: 'mentions' | 'tagged';
}

/** Records and tags past this many are left out, with a note (the graph stays readable). */
export const GRAPH_MAX_NODES = 400;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export function worldGraph(records: WorldRecord[], max = GRAPH_MAX_NODES): { nodes: GraphNode[]; edges: GraphEdge[]; omitted: number } {
  const kept = [...records].sort((a, b) => b.confidence - a.confidence).slice(0, max);
  const nodes: GraphNode[] = kept.map((r) => ({
    id: `r:${r.name}`, type: 'record', label: r.name, kind: r.kind, status: r.status, claim: r.claim, confidence: r.confidence,
    tags: r.tags, aliases: r.aliases, evidence: r.evidence, supersedes: r.supersedes, firstSeen: r.first_seen, lastConfirmed: r.last_confirmed,
  }));
  const edges: GraphEdge[] = [];
  const names = kept.map((r) => ({ id: `r:${r.name}`, words: [r.name, ...r.aliases].map(norm).filter((w) => w.length >= 3) }));
  for (const r of kept) {
    const claim = ` ${norm(r.claim)} `;
    for (const n of names) {
      if (n.id === `r:${r.name}`) continue;
      if (n.words.some((w) => claim.includes(` ${w} `))) edges.push({ source: `r:${r.name}`, target: n.id, type: 'mentions' });
    }
  }
  const byTag = new Map<string, string[]>();
  for (const r of kept) for (const t of r.tags) byTag.set(t, [...(byTag.get(t) ?? []), `r:${r.name}`]);
  for (const [tag, ids] of byTag) {
    if (ids.length < 2 || nodes.length >= max) continue;
    nodes.push({ id: `t:${tag}`, type: 'tag', label: `#${tag}` });
    for (const id of ids) edges.push({ source: id, target: `t:${tag}`, type: 'tagged' });
  }
  return { nodes, edges, omitted: records.length - kept.length };
}
