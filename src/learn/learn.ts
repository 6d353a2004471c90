// learn(): the learning stage as a pure function of state + task result -> file changes.
// Rewards and reflections are always recorded; skills and goals only when learning is on;
// world updates by the world rules (none: refused, constrained: hypotheses only, active: all).
import type { FileChange } from '../store/index.ts';
import { auditScore, combineAudits, judgeAudit } from './audit.ts';
import { auditDecomposition } from './decomposition.ts';
import { applyWorldUpdates } from './world/index.ts';
import { rankSkills } from './decay.ts';
import { GOALS_FILE, renderGoals } from './goals.ts';
import { learnGoal } from './learn-goals.ts';
import { learnSkill } from './learn-skills.ts';
import { REFLECTIONS_FILE, renderReflections } from './reflections.ts';
import { REWARDS_FILE, renderRewards } from './rewards.ts';
import { renderSkillsIndex, SKILLS_INDEX_FILE } from './skills-index.ts';
import { renderSkill, skillPath } from './skills.ts';
import { renderSystemPrompt, SYSTEM_PROMPT_FILE } from './system-prompt.ts';
import type { Goal, LearnInput, LearnOutput, LearnSummary, Reflection, RewardEntry, Score, Skill } from './types.ts';
import { keepNewest } from './yaml-util.ts';

export function learn(input: LearnInput): LearnOutput {
  const { config, state, task, report, now } = input;
  const audit = judgeAudit(combineAudits(auditScore({ report, verify: input.verify, toolCalls: input.toolCalls }), input.llmAudit), input.judges);
  // Nothing the model says about itself is trusted beyond what the audit allows.
  const effective = Math.min(report.reward, audit.score) as Score;
  const created = now.toISOString();
  const changes: FileChange[] = [];
  const summary: LearnSummary = {
    reward: report.reward,
    auditScore: audit.score,
    auditReason: audit.reason,
    outcome: report.outcome,
    skillsPruned: [],
    goalsDropped: [],
    world: [],
    problems: state.problems.map(
      (p) => `${p.file}:${p.line}: ${p.message}${p.quarantinedAs ? ` (moved aside to ${p.quarantinedAs})` : ''}`,
    ),
  };

  // The world model: the model proposes, the rules decide (learn/world).
  const world = applyWorldUpdates(state.world, report.world_updates ?? [], {
    taskId: task.id,
    now,
    verified: input.verify?.passed === true && audit.score === 1,
    auditScore: effective,
    mode: config.learning,
    policy: config.world,
  });
  summary.world = world.events;
  changes.push(...world.changes);

  let skills = state.skills;
  let goals: Goal[] = state.goals;
  if (config.learning !== 'none') {
    const step = learnSkill(state.skills, {
      proposal: report.skill,
      effectiveReward: effective,
      taskId: task.id,
      tags: report.context_tags,
      now,
      budget: config.budgets.skills,
      halfLifeDays: config.skillHalfLifeDays,
    });
    summary.problems.push(...step.problems);
    summary.skillsPruned = step.pruned;
    if (step.earned) summary.skillEarned = step.earned;
    if (step.strengthened) summary.skillStrengthened = step.strengthened;
    if (step.written) changes.push({ op: 'write', path: skillPath(step.written.name), content: renderSkill(step.written) });
    for (const name of step.pruned) {
      // A pruned skill the model just proposed was never on disk.
      if (state.skills.some((s) => s.name === name)) changes.push({ op: 'delete', path: skillPath(name) });
    }
    skills = step.skills;

    if (effective === -1) {
      const g = learnGoal(state.goals, { proposed: report.goal, taskId: task.id, taskText: task.task, now, budget: config.budgets.goals });
      goals = g.goals;
      if (g.added !== undefined) summary.goalAdded = g.added;
      summary.goalsDropped = g.dropped;
      changes.push({ op: 'write', path: GOALS_FILE, content: renderGoals(goals) });
    }
    if (skills !== state.skills || goals !== state.goals) changes.push(...regenerated(input, skills, goals));
  }

  const tokens = input.usage.inputTokens + input.usage.outputTokens;
  const entry: RewardEntry = {
    task: task.id,
    outcome: report.outcome,
    reward: report.reward,
    audit_score: audit.score,
    audit_reason: audit.reason,
    context_tags: report.context_tags,
    reasoning_demand: input.routing?.reasoning_demand ?? null,
    model_used: input.model,
    model_appropriate: input.routing?.model_appropriate ?? null,
    world_model_update: world.written.length ? world.written.join(', ') : null,
    reward_decomposition: report.reward_decomposition ?? null,
    audit_decomposition: { ...auditDecomposition({
      effective, tokens, recent: state.rewards,
      skillEarned: !!summary.skillEarned, skillStrengthened: !!summary.skillStrengthened, world: world.events,
    }) },
    tokens: { input: input.usage.inputTokens, output: input.usage.outputTokens },
    cost: input.routing?.cost ?? null,
    duration_ms: Math.max(0, Math.round(input.durationMs)),
    created,
    ...(input.judges?.length && { judges: input.judges.map(({ name, kind, status, score, evidence }) => ({ name, kind, status, score, evidence })) }),
  };
  const rewards = keepNewest([...state.rewards, entry], config.budgets.rewards);
  const reflection: Reflection = { task: task.id, text: report.reflection.trim() || '(no reflection given)', created };
  const reflections = keepNewest([...state.reflections, reflection], config.budgets.reflections);
  changes.unshift(
    { op: 'write', path: REWARDS_FILE, content: renderRewards(rewards) },
    { op: 'write', path: REFLECTIONS_FILE, content: renderReflections(reflections) },
  );
  return { changes, summary, next: { ...state, rewards, reflections, skills, goals, world: world.records, problems: [] } };
}

/** skills.md and system_prompt.md, rebuilt from the records that are the truth. */
function regenerated(input: LearnInput, skills: Skill[], goals: Goal[]): FileChange[] {
  const { config, state, now } = input;
  const opts = { now, halfLifeDays: config.skillHalfLifeDays };
  const prompt = renderSystemPrompt({
    persona: state.persona,
    constraints: state.constraints,
    skills: rankSkills(skills, now, config.skillHalfLifeDays),
    goals,
  });
  return [
    { op: 'write', path: SKILLS_INDEX_FILE, content: renderSkillsIndex(skills, opts) },
    { op: 'write', path: SYSTEM_PROMPT_FILE, content: prompt },
  ];
}
