// Consensus on shared truths (seed 000), as commits in the shared repository: file a proposal,
// record votes, decide by the quorum rules, write the segment or archive the proposal.
import { AgentOsError } from '../errors.ts';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IacPolicy } from '../config/index.ts';
import type { FileChange } from '../store/index.ts';
import {
  ARCHIVE_DIR, mayVote, nextProposalId, parseProposal, proposalPath, PROPOSALS_DIR, renderProposal, tally, withVote,
  type Proposal, type Tally, type VoteValue,
} from './proposal.ts';
import { parseSegment, renderSegment, reopenSegment, segmentFromProposal, segmentPath, SEGMENTS_DIR, type Segment } from './segment.ts';
import type { SharedRepo } from './shared-repo.ts';

export class ProposalError extends AgentOsError<'NO_PROPOSAL' | 'NOT_OPEN' | 'MAY_NOT_VOTE'> {}

export interface Claim {
  topic: string;
  subject: string;
  claim: string;
  evidence: string[];
  tags: string[];
}

export interface VoteOutcome {
  proposal: Proposal;
  tally: Tally;
  commit: string | undefined;
}

export class Consensus {
  readonly repo: SharedRepo;
  readonly policy: IacPolicy;
  /** Agents who may vote (the proposer is left out per proposal). */
  readonly agents: string[];

  constructor(repo: SharedRepo, policy: IacPolicy, agents: string[]) {
    this.repo = repo;
    this.policy = policy;
    this.agents = agents;
  }

  eligibleVoters(p: Proposal): string[] {
    return this.agents.filter((a) => mayVote(this.policy, a, p));
  }

  /** Files a proposal unless the topic already has an open proposal or a settled segment. */
  async propose(proposer: string, c: Claim, now: Date): Promise<Proposal | undefined> {
    let filed: Proposal | undefined;
    await this.repo.transact(async () => {
      const open = await this.list(false);
      if (open.some((p) => p.topic === c.topic && p.status === 'open')) return undefined;
      const seg = await this.segment(c.topic);
      if (seg && seg.status === 'accepted' && seg.claim === c.claim) return undefined;
      const all = [...open, ...(await this.list(true))];
      filed = {
        id: nextProposalId(all.map((p) => p.id)), subject: c.subject, topic: c.topic, proposer, claim: c.claim, evidence: c.evidence, tags: c.tags,
        votes: [], status: 'open', created: now.toISOString(), ttl_seconds: this.policy.consensus.ttlSeconds, decided_at: null, reopens: seg ? segmentPath(c.topic) : null,
      };
      return { message: `${proposer}(propose): ${filed.id} ${c.subject}\n\n${c.claim}`, changes: [{ op: 'write', path: proposalPath(filed.id), content: renderProposal(filed) }] };
    });
    return filed;
  }

  /** Records one vote and applies the decision it brings, in one commit. */
  async vote(id: string, voter: string, value: VoteValue, reason: string, now: Date, opts: { person?: boolean } = {}): Promise<VoteOutcome> {
    let outcome: Omit<VoteOutcome, 'commit'> | undefined;
    const commit = await this.repo.transact(async () => {
      const p = await this.load(id);
      if (p.status !== 'open') throw new ProposalError('NOT_OPEN', `${id} is ${p.status}; only open proposals take votes`);
      if (!mayVote(this.policy, voter, p) || (!opts.person && !this.agents.includes(voter))) {
        throw new ProposalError('MAY_NOT_VOTE', `${voter} may not vote on ${id} (proposer ${p.proposer}; iac.consensus.voters: ${JSON.stringify(this.policy.consensus.voters)})`);
      }
      const voted = withVote(p, { voter, vote: value, reason: reason.trim(), at: now.toISOString() });
      const t = tally(voted, this.policy, Math.max(this.eligibleVoters(voted).length, voted.votes.length), now);
      const { proposal, changes } = await this.decide(voted, t, now);
      outcome = { proposal, tally: t };
      return { message: `${voter}(vote): ${id} ${value}${t.decision !== 'open' ? ` → ${t.decision}` : ''}\n\n${reason.trim()}\n${t.why}`, changes };
    });
    return { ...outcome!, commit };
  }

  /** Expires open proposals whose TTL passed; returns their ids. */
  async sweep(now: Date): Promise<string[]> {
    const expired: string[] = [];
    await this.repo.transact(async () => {
      const changes: FileChange[] = [];
      for (const p of await this.list(false)) {
        if (p.status !== 'open') continue;
        const t = tally(p, this.policy, Math.max(this.eligibleVoters(p).length, p.votes.length), now);
        if (t.decision !== 'expired') continue;
        expired.push(p.id);
        changes.push(...(await this.decide(p, t, now)).changes);
      }
      return changes.length ? { message: `consensus(expire): ${expired.join(', ')}`, changes } : undefined;
    });
    return expired;
  }

  /** A contradiction re-opens an accepted segment; returns whether it did. */
  async reopen(topic: string, by: string, reason: string, now: Date): Promise<boolean> {
    const sha = await this.repo.transact(async () => {
      const seg = await this.segment(topic);
      if (!seg || seg.status !== 'accepted') return undefined;
      return { message: `${by}(reopen): ${segmentPath(topic)}\n\n${reason}`, changes: [{ op: 'write', path: segmentPath(topic), content: renderSegment(reopenSegment(seg, by, reason, now)) }] };
    });
    return sha !== undefined;
  }

  private async decide(p: Proposal, t: Tally, now: Date): Promise<{ proposal: Proposal; changes: FileChange[] }> {
    if (t.decision === 'open') return { proposal: p, changes: [{ op: 'write', path: proposalPath(p.id), content: renderProposal(p) }] };
    const decided: Proposal = { ...p, status: t.decision, decided_at: now.toISOString() };
    if (t.decision === 'accepted') {
      return {
        proposal: decided,
        changes: [
          { op: 'write', path: proposalPath(p.id), content: renderProposal(decided) },
          { op: 'write', path: segmentPath(p.topic), content: renderSegment(segmentFromProposal(decided, now)) },
        ],
      };
    }
    return {
      proposal: decided,
      changes: [
        { op: 'delete', path: proposalPath(p.id) },
        { op: 'write', path: proposalPath(p.id, true), content: renderProposal(decided) },
      ],
    };
  }

  async load(id: string): Promise<Proposal> {
    const text = (await this.repo.read(proposalPath(id))) ?? (await this.repo.read(proposalPath(id, true)));
    if (text === undefined) throw new ProposalError('NO_PROPOSAL', `no proposal ${id} in shared/${PROPOSALS_DIR}/`);
    return parseProposal(text, `shared/${proposalPath(id)}`);
  }

  async segment(topic: string): Promise<Segment | undefined> {
    const text = await this.repo.read(segmentPath(topic));
    return text === undefined ? undefined : parseSegment(text, `shared/${segmentPath(topic)}`);
  }

  async segments(): Promise<Segment[]> {
    return (await this.files(SEGMENTS_DIR)).map((f) => parseSegment(f.text, f.file));
  }

  /** Proposals in proposals/ (archived: in proposals/archive/); a file that does not parse is skipped. */
  async list(archived: boolean): Promise<Proposal[]> {
    const out: Proposal[] = [];
    for (const f of await this.files(archived ? ARCHIVE_DIR : PROPOSALS_DIR)) {
      try {
        out.push(parseProposal(f.text, f.file));
      } catch {
        // a hand-edited file gone bad stays for a person to fix; it takes no votes
      }
    }
    return out;
  }

  private async files(dir: string): Promise<{ file: string; text: string }[]> {
    let names: string[];
    try {
      names = (await readdir(path.join(this.repo.root, dir))).filter((n) => n.endsWith('.md')).sort();
    } catch {
      return [];
    }
    const out: { file: string; text: string }[] = [];
    for (const n of names) {
      const text = await this.repo.read(`${dir}/${n}`);
      if (text !== undefined) out.push({ file: `shared/${dir}/${n}`, text });
    }
    return out;
  }
}
