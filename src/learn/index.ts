// learn/: rewards and audit, skills, goals, reflections, the world model — pure rules plus one
// loader. Only what other folders use is exported.
export { learn } from './learn.ts';
export { loadAgentState, primeStateCache, CONSTRAINTS_FILE, type StateCache } from './state.ts';
export { auditScore, judgeAudit } from './audit.ts';
export { effectiveEvidence, rankSkills } from './decay.ts';
export { initialAgentFiles, agentGitignore } from './initial-files.ts';
export { parseRewards, REWARDS_FILE } from './rewards.ts';
export { parseSkill, skillPath, SKILLS_DIR } from './skills.ts';
export { planSkillImport, skillImportChanges, type IncomingSkill, type SkillImportPlan } from './skill-import.ts';
export { renderReflections, REFLECTIONS_FILE } from './reflections.ts';
export { renderSystemPrompt, SYSTEM_PROMPT_FILE } from './system-prompt.ts';
export { LearnParseError } from './errors.ts';
export { TaskReport } from './report.ts';
export type { AgentState, JudgeResult, LearnSummary, RewardEntry, VerifyResult } from './types.ts';
export { worldPath, worldFamiliarity, type WorldRecord } from './world/index.ts';
export { learningProgress, type Progress, type HistoryCommit } from './progress.ts';
export { successMetrics, formatMetric, type MetricValue } from './metrics.ts';
export { taskTimeline, type TimelinePoint } from './timeline.ts';
