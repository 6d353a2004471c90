// shared/iac/proposals/prop-NNN.md (seed 000): a claim one agent wants to share, with its
// evidence and the votes of the others. Pure codec and quorum rules; I/O lives in consensus.ts.
import { z } from 'zod';
import type { IacPolicy } from '../config/index.ts';
import { parseFrontMatter, stringifyFrontMatter } from '../store/index.ts';

export const VOTES = ['yes', 'no', 'abstain'] as const;
export type VoteValue = (typeof VOTES)[number];
export const PROPOSAL_STATUSES = ['open', 'accepted', 'rejected', 'expired'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const Vote = z.object({ voter: z.string().min(1), vote: z.enum(VOTES), reason: z.string().default(''), at: z.string() });
export type Vote = z.infer<typeof Vote>;

const ProposalFront = z.object({
  id: z.string().regex(/^prop-\d{3,}$/),
  subject: z.string().min(1),
  topic: z.string().min(1),
  proposer: z.string().min(1),
  claim: z.string().min(1),
  evidence: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  votes: z.array(Vote).default([]),
  status: z.enum(PROPOSAL_STATUSES),
  created: z.string(),
  ttl_seconds: z.int().min(1),
  decided_at: z.string().nullable().default(null),
  /** The segment this proposal re-opens or replaces, when it does. */
  reopens: z.string().nullable().default(null),
});
export type Proposal = z.infer<typeof ProposalFront>;

export const PROPOSALS_DIR = 'iac/proposals';
export const ARCHIVE_DIR = 'iac/proposals/archive';

export function proposalPath(id: string, archived = false): string {
  return `${archived ? ARCHIVE_DIR : PROPOSALS_DIR}/${id}.md`;
}

export function parseProposal(text: string, file: string): Proposal {
  const { data } = parseFrontMatter(text, file);
  const r = ProposalFront.safeParse(data);
  if (!r.success) throw new Error(`${file}: not a proposal: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function renderProposal(p: Proposal): string {
  const votes = p.votes.map((v) => `- ${v.voter}: ${v.vote}${v.reason ? ` — ${v.reason}` : ''}`);
  const body = [
    `# ${p.id}: ${p.subject}`, '',
    `Proposer: ${p.proposer}`, '', 'Claim:', p.claim, '',
    'Evidence:', ...(p.evidence.length ? p.evidence.map((e) => `- ${e}`) : ['- none given']), '',
    'Votes:', ...(votes.length ? votes : ['- none yet']), '',
    `Status: ${p.status}`, '',
  ].join('\n');
  return stringifyFrontMatter({ ...p }, body);
}

export function nextProposalId(existing: string[]): string {
  const max = existing.reduce((m, id) => Math.max(m, Number(/^prop-(\d+)$/.exec(id)?.[1] ?? 0)), 0);
  return `prop-${String(max + 1).padStart(3, '0')}`;
}

export function mayVote(policy: IacPolicy, voter: string, p: Proposal): boolean {
  if (voter === p.proposer) return false;
  return policy.consensus.voters === 'all' || policy.consensus.voters.includes(voter);
}

/** One vote per voter: a later vote replaces an earlier one. */
export function withVote(p: Proposal, v: Vote): Proposal {
  return { ...p, votes: [...p.votes.filter((x) => x.voter !== v.voter), v] };
}

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  decision: ProposalStatus;
  why: string;
}

/**
 * Accepted once min_voters have voted and yes / (yes + no) reaches the majority; rejected once
 * that can no longer happen among the eligible voters; expired when its TTL passes undecided.
 */
export function tally(p: Proposal, policy: IacPolicy, eligible: number, now: Date): Tally {
  const c = policy.consensus;
  const n = (v: VoteValue) => p.votes.filter((x) => x.vote === v).length;
  const yes = n('yes'), no = n('no'), abstain = n('abstain');
  const voted = yes + no + abstain;
  const base = { yes, no, abstain };
  if (p.status !== 'open') return { ...base, decision: p.status, why: 'already decided' };
  const share = yes + no ? yes / (yes + no) : 0;
  if (voted >= c.minVoters && yes + no > 0 && share >= c.majority) return { ...base, decision: 'accepted', why: `${yes} yes of ${yes + no} (majority ${c.majority})` };
  const remaining = Math.max(0, eligible - voted);
  const bestShare = (yes + remaining) / Math.max(1, yes + no + remaining);
  if (voted + remaining < c.minVoters || bestShare < c.majority || (remaining === 0 && voted >= c.minVoters)) {
    return { ...base, decision: 'rejected', why: voted + remaining < c.minVoters ? `only ${eligible} eligible voter(s); min_voters is ${c.minVoters}` : `${no} no of ${yes + no}; a majority of ${c.majority} is out of reach` };
  }
  if (Date.parse(p.created) + p.ttl_seconds * 1000 < now.getTime()) return { ...base, decision: 'expired', why: `ttl ${p.ttl_seconds} s passed with ${voted} vote(s)` };
  return { ...base, decision: 'open', why: `${voted} vote(s) so far` };
}
