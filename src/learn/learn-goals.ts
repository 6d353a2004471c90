// The goal rule: a failure (effective reward -1) adds a goal, deduplicated ignoring case and
// whitespace. Over budget, the oldest active goal learned from tasks is dropped; seed goals
// from agents.yaml go only when no learned goal is left to drop, and the goal just added or
// renewed is dropped last. Dropped and achieved goals stay listed up to the same budget;
// older ones leave the working tree (git keeps them).
import { goalId, goalKey, isSeedGoal } from './goals.ts';
import type { Goal } from './types.ts';
import { keepNewest } from './yaml-util.ts';

export const MAX_GOAL_SOURCES = 10;

export interface GoalContext {
  /** The model's goal text, if any. */
  proposed: string | null;
  taskId: string;
  taskText: string;
  now: Date;
  budget: number;
}

export interface GoalStep {
  goals: Goal[];
  /** Text of a goal added or re-activated. */
  added?: string;
  /** Texts of goals dropped for the budget. */
  dropped: string[];
}

export function deriveGoalText(taskText: string): string {
  const line = taskText.replace(/\s+/g, ' ').trim();
  const short = line.length > 140 ? `${line.slice(0, 139)}…` : line;
  return `Succeed at tasks like: ${short}`;
}

export function learnGoal(current: Goal[], ctx: GoalContext): GoalStep {
  const now = ctx.now.toISOString();
  const text = ctx.proposed?.replace(/\s+/g, ' ').trim() || deriveGoalText(ctx.taskText);
  const existing = current.find((g) => goalKey(g.text) === goalKey(text));
  let goals: Goal[];
  let touched: string;
  let added: string | undefined;
  if (existing) {
    const source = keepNewest([...existing.source.filter((s) => s !== ctx.taskId), ctx.taskId], MAX_GOAL_SOURCES);
    const renewed: Goal = { ...existing, status: 'active', updated: now, source };
    if (existing.status !== 'active') added = existing.text;
    goals = current.map((g) => (g === existing ? renewed : g));
    touched = existing.id;
  } else {
    const goal: Goal = { id: goalId(text, current), text, status: 'active', created: now, updated: now, source: [ctx.taskId] };
    goals = [...current, goal];
    touched = goal.id;
    added = text;
  }
  const dropped: string[] = [];
  goals = enforceBudget(goals, ctx.budget, touched, now, dropped);
  if (added !== undefined && dropped.includes(added)) added = undefined;
  return { goals, added, dropped };
}

function enforceBudget(goals: Goal[], budget: number, touched: string, now: string, dropped: string[]): Goal[] {
  const limit = Math.max(0, budget);
  let out = goals;
  for (;;) {
    const active = out.filter((g) => g.status === 'active');
    if (active.length <= limit) break;
    const byAge = [...active].sort((a, b) => a.created.localeCompare(b.created));
    const others = byAge.filter((g) => g.id !== touched);
    const victim = others.find((g) => !isSeedGoal(g)) ?? others[0] ?? byAge[0];
    out = out.map((g) => (g === victim ? { ...g, status: 'dropped' as const, updated: now } : g));
    dropped.push(victim.text);
  }
  // Keep the most recently updated inactive goals, in their original order.
  const inactive = out.filter((g) => g.status !== 'active');
  const keep = new Set(keepNewest([...inactive].sort((a, b) => a.updated.localeCompare(b.updated)), limit));
  return out.filter((g) => g.status === 'active' || keep.has(g));
}
