// Keeping the index in step with the files: a full rebuild (`agentos reindex`, or at start
// when an agent's git HEAD is not the one indexed) and an incremental update from each task's
// change set, so no task pays for a rebuild.
import path from 'node:path';
import type { AgentConfig } from '../config/index.ts';
import { loadAgentState, type AgentState } from '../learn/index.ts';
import { agentPaths, runtimeDir, type FileChange } from '../store/index.ts';
import { agentDocs, docsForSource, segmentDocs } from './docs.ts';
import type { ContextIndex, IndexDoc } from './index-db.ts';

export function indexPath(dataDir: string): string {
  return path.join(runtimeDir(dataDir), 'index.db');
}

const headKey = (agent: string) => `head:${agent}`;

/** Rebuilds one agent's documents from its files unless the index already has `head`. Returns true when it rebuilt. */
export async function syncAgentIndex(index: ContextIndex, dataDir: string, config: AgentConfig, head: string | undefined, now = new Date()): Promise<boolean> {
  if (head && index.getMeta(headKey(config.name)) === head) return false;
  const state = await loadAgentState(agentPaths(dataDir, config.name).root, { quarantine: false });
  index.replaceAgent(config.name, agentDocs(config.name, state, { now, halfLifeDays: config.skillHalfLifeDays }));
  if (head) index.setMeta(headKey(config.name), head);
  return true;
}

export async function syncSharedSegments(index: ContextIndex, dataDir: string): Promise<number> {
  const docs = await segmentDocs(dataDir);
  index.replaceAgent('', docs);
  return docs.length;
}

/** After a task's commit: re-derive only the documents of the files it changed. */
export function updateIndexFromChanges(index: ContextIndex, config: AgentConfig, changes: FileChange[], next: AgentState, head: string, now = new Date()): void {
  const sources: string[] = [];
  const docs: IndexDoc[] = [];
  const opts = { now, halfLifeDays: config.skillHalfLifeDays };
  for (const c of changes) {
    const derived = docsForSource(config.name, next, c.path, opts);
    if (derived === undefined) continue;
    sources.push(c.path);
    docs.push(...derived);
  }
  if (sources.length) index.replace(config.name, sources, docs);
  index.setMeta(headKey(config.name), head);
}

export interface ReindexResult {
  agents: { name: string; docs: number }[];
  segments: number;
  ms: number;
}

/** `agentos reindex`: every agent and the shared segments, from the files alone. */
export async function reindexAll(index: ContextIndex, dataDir: string, agents: AgentConfig[], heads: Map<string, string | undefined>): Promise<ReindexResult> {
  const t0 = performance.now();
  const out: ReindexResult['agents'] = [];
  for (const a of agents) {
    await syncAgentIndex(index, dataDir, a, undefined);
    const head = heads.get(a.name);
    if (head) index.setMeta(headKey(a.name), head);
    out.push({ name: a.name, docs: index.count(a.name) });
  }
  const segments = await syncSharedSegments(index, dataDir);
  return { agents: out, segments, ms: Math.round(performance.now() - t0) };
}
