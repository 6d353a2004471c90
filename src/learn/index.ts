// learn/: rewards and audit, skills, goals, reflections, the world model — pure rules plus one
// loader. Only what other folders use is exported.
export { learn } from './learn.ts';
export { loadAgentState, primeStateCache, type StateCache } from './state.ts';
export { auditScore } from './audit.ts';
export { effectiveEvidence, rankSkills } from './decay.ts';
export { initialAgentFiles, agentGitignore } from './initial-files.ts';
export { REWARDS_FILE } from './rewards.ts';
export { skillPath } from './skills.ts';
export { renderReflections, REFLECTIONS_FILE } from './reflections.ts';
export { renderSystemPrompt } from './system-prompt.ts';
export { LearnParseError } from './errors.ts';
export { TaskReport } from './report.ts';
export type { AgentState, LearnSummary, RewardEntry, VerifyResult } from './types.ts';
export { worldPath, worldFamiliarity, type WorldRecord } from './world/index.ts';
export { learningProgress, type Progress } from './progress.ts';
