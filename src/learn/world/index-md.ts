// world/index.md: a readable summary regenerated from the records, which are the truth.
import { oneLine } from '../skills-index.ts';
import { contradictionWeight, supportWeight } from './confidence.ts';
import { worldPath } from './record.ts';
import type { WorldPolicy, WorldRecord } from './types.ts';

export function renderWorldIndex(records: WorldRecord[], p: WorldPolicy): string {
  const byConfidence = [...records].sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
  const line = (r: WorldRecord) => {
    const rel = worldPath(r).slice('world/'.length);
    return `- [${r.name}](${rel}) — ${oneLine(r.claim)} _(confidence ${r.confidence.toFixed(2)}; evidence ${supportWeight(r.evidence)} for, ${contradictionWeight(r.evidence)} against)_`;
  };
  const section = (title: string, list: WorldRecord[]) => [`## ${title} (${list.length})`, '', ...(list.length ? list.map(line) : ['_none_']), ''];
  const confirmed = byConfidence.filter((r) => r.status === 'confirmed');
  return [
    '# World model',
    '',
    '<!-- Generated from world/{entities,relations,hypotheses}/*.md, which are the truth: edits here are overwritten. -->',
    '',
    `A claim enters as a hypothesis. It is confirmed when its weighted supporting evidence reaches ${p.promoteEvidence}`,
    `(a task that passed its verify command counts 2) and its confidence ${p.promoteConfidence}; contradicting evidence`,
    `lowers confidence, demotes a confirmed record below ${p.promoteConfidence} and retracts any record below ${p.retractBelow}`,
    '(the file leaves the tree; git history keeps it). Confidence = (S + 1) / (S + 2C + 2).',
    '',
    ...section('Entities', confirmed.filter((r) => r.kind === 'entity')),
    ...section('Relations', confirmed.filter((r) => r.kind === 'relation')),
    ...section('Hypotheses', byConfidence.filter((r) => r.status === 'hypothesis')),
  ].join('\n');
}
