// iac/: many agents together (issue 5) — backpressure, handoffs, inbox TTL and dead letters,
// locks, consensus on shared truths, dispatch by agent card, planning. Other modules import this.
export { IacHub, type HubHost } from './hub.ts';
export { QueueFullError, checkIntake, maxQueueDepth } from './backpressure.ts';
export { SharedRepo } from './shared-repo.ts';
export { Consensus, ProposalError, type Claim, type VoteOutcome } from './consensus.ts';
export { VOTES, tally, parseProposal, renderProposal, type Proposal, type VoteValue, type Vote, type Tally } from './proposal.ts';
export { parseSegment, segmentPath, type Segment } from './segment.ts';
export { judgeWith, relevantBeliefs, VoteReply, type Judge } from './judge.ts';
export { rankCards, chooseAgent, NoAgentError, type AgentCard, type DispatchChoice } from './dispatch.ts';
export { agentCard } from './cards.ts';
export { reputationOf, REPUTATION, type Reputation } from './reputation.ts';
export { LockTable, locksOf } from './locks.ts';
export { readMetrics, recordMetric, type IacMetric } from './metrics-log.ts';
export { iacMetrics, formatIacMetrics, type IacMetrics } from './metrics.ts';
export { planLevels, PlanError, PlanReply } from './plan.ts';
