// learn/: rewards and audit, skills, goals, reflections — pure rules plus one loader.
export { learn } from './learn.ts';
export { loadAgentState, primeStateCache, PERSONA_FILE, CONSTRAINTS_FILE, type LoadOptions, type StateCache } from './state.ts';
export { auditScore, isRefusal, type Audit, type AuditInput } from './audit.ts';
export { effectiveEvidence, rankSkills, daysSince } from './decay.ts';
export { initialAgentFiles, agentGitignore, AGENT_DIRS } from './initial-files.ts';
export { parseRewards, renderRewards, REWARDS_FILE } from './rewards.ts';
export { parseSkill, renderSkill, skillPath, slugify, isValidSlug, SKILLS_DIR } from './skills.ts';
export { renderSkillsIndex, SKILLS_INDEX_FILE } from './skills-index.ts';
export { parseGoals, renderGoals, GOALS_FILE, SEED_SOURCE } from './goals.ts';
export { parseReflections, renderReflections, REFLECTIONS_FILE } from './reflections.ts';
export { renderSystemPrompt, SYSTEM_PROMPT_FILE, type SystemPromptParts } from './system-prompt.ts';
export { LearnParseError } from './errors.ts';
export { TaskReport, SkillProposal, HandoffProposal } from './report.ts';
export type * from './types.ts';
export { combineAudits } from './audit.ts';
export { auditDecomposition, type Decomposition } from './decomposition.ts';
export {
  applyWorldUpdates, worldPath, parseWorldRecord, renderWorldRecord, renderWorldIndex, isWorldRecordPath, confidenceOf,
  WORLD_INDEX_FILE, DEFAULT_WORLD_POLICY,
  type WorldRecord, type WorldEvent, type WorldProposal, type WorldPolicy,
} from './world/index.ts';
export { learningProgress, type Progress, type HistoryCommit } from './progress.ts';
export { taskTimeline, type TimelinePoint } from './timeline.ts';
