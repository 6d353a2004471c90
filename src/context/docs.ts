// What the index holds, derived from the learned records (which are the truth): one document
// per skill, world record, reward entry and reflection, and one per shared segment.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { effectiveEvidence, REFLECTIONS_FILE, REWARDS_FILE, skillPath, worldPath, type AgentState } from '../learn/index.ts';
import { parseFrontMatter } from '../store/index.ts';
import type { IndexDoc } from './index-db.ts';

/** The shared segments live in the shared repository; their source is relative to DATA. */
export const SEGMENTS_SOURCE_DIR = 'shared/iac/segments';

const time = (iso: string | null | undefined) => {
  const t = Date.parse(iso ?? '');
  return Number.isNaN(t) ? 0 : t;
};
const sign = (n: number) => (n > 0 ? `+${n}` : String(n));

export interface DocOptions {
  now: Date;
  halfLifeDays: number;
}

/** Every document of one agent, from its loaded state. */
export function agentDocs(agent: string, state: AgentState, opts: DocOptions): IndexDoc[] {
  return [...skillDocs(agent, state, opts), ...worldDocs(agent, state), ...rewardDocs(agent, state), ...reflectionDocs(agent, state)];
}

export function skillDocs(agent: string, state: AgentState, opts: DocOptions): IndexDoc[] {
  return state.skills.map((s) => ({
    id: `${agent}:${skillPath(s.name)}`, agent, kind: 'skill', source: skillPath(s.name),
    title: `Skill ${s.name}: ${s.description}`, body: s.body, tags: s.tags, time: time(s.last_success ?? s.updated),
    weight: Math.min(1, 0.5 + effectiveEvidence(s, opts.now, opts.halfLifeDays) / 4),
  }));
}

export function worldDocs(agent: string, state: AgentState): IndexDoc[] {
  return state.world.map((r) => {
    const p = worldPath(r);
    const aka = r.aliases.length ? ` (also: ${r.aliases.join(', ')})` : '';
    return {
      id: `${agent}:${p}`, agent, kind: r.status === 'hypothesis' ? 'hypothesis' : r.kind, source: p,
      title: `${r.status === 'hypothesis' ? 'Hypothesis' : r.kind === 'entity' ? 'Entity' : 'Relation'} ${r.name}${aka}, confidence ${r.confidence.toFixed(2)}`,
      body: r.claim, tags: r.tags, time: time(r.updated), weight: r.confidence,
    };
  });
}

export function rewardDocs(agent: string, state: AgentState): IndexDoc[] {
  return state.rewards.map((r) => ({
    id: `${agent}:${REWARDS_FILE}#${r.task}`, agent, kind: 'reward', source: REWARDS_FILE,
    title: `Outcome of ${r.task}: ${r.outcome}, self ${sign(r.reward)}, audit ${sign(r.audit_score)}${r.reward !== r.audit_score && r.audit_reason ? ` (${r.audit_reason})` : ''}`,
    body: '', tags: r.context_tags, time: time(r.created), weight: 0.5,
  }));
}

export function reflectionDocs(agent: string, state: AgentState): IndexDoc[] {
  return state.reflections.map((r) => ({
    id: `${agent}:${REFLECTIONS_FILE}#${r.task}`, agent, kind: 'reflection', source: REFLECTIONS_FILE,
    title: `Reflection on ${r.task}`, body: r.text, tags: [], time: time(r.created), weight: 0.5,
  }));
}

/** The documents a change to `file` affects, recomputed from the new state. */
export function docsForSource(agent: string, state: AgentState, file: string, opts: DocOptions): IndexDoc[] | undefined {
  if (file === REWARDS_FILE) return rewardDocs(agent, state);
  if (file === REFLECTIONS_FILE) return reflectionDocs(agent, state);
  if (/^skills\/[^/]+\/SKILL\.md$/.test(file)) return skillDocs(agent, state, opts).filter((d) => d.source === file);
  if (/^world\/(entities|relations|hypotheses)\/[^/]+\.md$/.test(file)) return worldDocs(agent, state).filter((d) => d.source === file);
  return undefined; // not an indexed file
}

/** DATA/shared/iac/segments/*.md: consensus knowledge every agent may retrieve. */
export async function segmentDocs(dataDir: string): Promise<IndexDoc[]> {
  const dir = path.join(dataDir, SEGMENTS_SOURCE_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  } catch {
    return [];
  }
  const docs: IndexDoc[] = [];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8');
    let fm: { data: Record<string, unknown>; body: string };
    try {
      fm = parseFrontMatter(text, name);
    } catch {
      fm = { data: {}, body: text }; // still searchable as text
    }
    const heading = /^#\s+(.+)$/m.exec(fm.body)?.[1];
    const tags = Array.isArray(fm.data.tags) ? fm.data.tags.map(String) : [];
    docs.push({
      id: `:${SEGMENTS_SOURCE_DIR}/${name}`, agent: '', kind: 'segment', source: `${SEGMENTS_SOURCE_DIR}/${name}`,
      title: `Shared segment ${String(fm.data.title ?? heading ?? name.replace(/\.md$/, ''))}`, body: fm.body.trim(), tags,
      time: time(String(fm.data.updated ?? '')), weight: 0.8,
    });
  }
  return docs;
}
