// models/router: reasoning demand, the route table in constraints.md, the learned tier policy.
export { Router, MAX_RECORDS, type RouteDecision, type RouteInput, type LearnedRecord } from './router.ts';
export { parseRouteTable, describeRoute, DEFAULT_ROUTE_TABLE, DEMANDS, type Demand, type Route, type RouteTable, type ParsedRouteTable } from './route-table.ts';
export { predictDemand, asDemand, type DemandFeatures } from './demand.ts';
export { chooseTier, expectedSuccess, judgeAppropriate, outcomeScore, tablePrior, type Appropriateness } from './policy.ts';
export { clusterEvidence, evidenceRate, observations, type Attempt, type OutcomeRecord, type TierEvidence } from './evidence.ts';
export { keywords, skillMatch, taskTags, tagSimilarity, type FamiliarityProbe, type SkillLike } from './features.ts';
export { TextModel, TEXT_LIMIT } from './text-model.ts';
