// shared/iac/segments/<topic>.md: a shared truth, with its provenance (which proposal, who
// proposed, who voted how). A later contradiction re-opens it: still readable, marked contested.
import { parseFrontMatter, stringifyFrontMatter } from '../store/index.ts';
import type { Proposal } from './proposal.ts';

export const SEGMENTS_DIR = 'iac/segments';
export const segmentPath = (topic: string) => `${SEGMENTS_DIR}/${topic}.md`;

export interface Segment {
  title: string;
  topic: string;
  status: 'accepted' | 'reopened';
  claim: string;
  tags: string[];
  proposal: string;
  proposer: string;
  votes: string[];
  accepted_at: string;
  updated: string;
  reopened: { by: string; reason: string; at: string } | null;
}

export function segmentFromProposal(p: Proposal, now: Date): Segment {
  return {
    title: p.subject, topic: p.topic, status: 'accepted', claim: p.claim, tags: p.tags, proposal: p.id, proposer: p.proposer,
    votes: p.votes.map((v) => `${v.voter}: ${v.vote}`), accepted_at: now.toISOString(), updated: now.toISOString(), reopened: null,
  };
}

export function renderSegment(s: Segment): string {
  const body = [
    `# ${s.title}`, '',
    s.status === 'reopened' && s.reopened ? `CONTESTED (re-opened by ${s.reopened.by}: ${s.reopened.reason}); treat as unsettled.\n` : '',
    s.claim, '',
    `Shared knowledge, agreed by consensus: proposed by ${s.proposer} in ${s.proposal}; votes ${s.votes.join(', ')}; accepted ${s.accepted_at.slice(0, 10)}.`, '',
  ].filter((l, i) => l !== '' || i !== 2).join('\n');
  return stringifyFrontMatter({ ...s }, body);
}

export function parseSegment(text: string, file: string): Segment {
  const { data } = parseFrontMatter<Segment>(text, file);
  if (typeof data.topic !== 'string' || typeof data.claim !== 'string') throw new Error(`${file}: not a segment (needs topic and claim)`);
  return { ...data, tags: Array.isArray(data.tags) ? data.tags : [], votes: Array.isArray(data.votes) ? data.votes : [], reopened: data.reopened ?? null };
}

export function reopenSegment(s: Segment, by: string, reason: string, now: Date): Segment {
  return { ...s, status: 'reopened', updated: now.toISOString(), reopened: { by, reason, at: now.toISOString() } };
}
