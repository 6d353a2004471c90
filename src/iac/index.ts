// iac/: many agents together — backpressure, handoffs, inbox TTL and dead letters, locks,
// consensus on shared truths, dispatch by agent card, planning. Implements the kernel's IacPort.
export { IacHub } from './hub.ts';
export { QueueFullError, checkIntake, maxQueueDepth } from './backpressure.ts';
export { SharedRepo } from './shared-repo.ts';
export { Consensus, ProposalError } from './consensus.ts';
export { VOTES, type VoteValue } from './proposal.ts';
export { chooseAgent, NoAgentError, type AgentCard } from './dispatch.ts';
export { agentCard } from './cards.ts';
export { reputationOf } from './reputation.ts';
export { iacMetrics, formatIacMetrics, type IacMetrics } from './metrics.ts';
export { PlanError } from './plan.ts';
