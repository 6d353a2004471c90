// goals.md codec: front matter `goals:` (id, text, status, created, updated, source),
// a readable rendering below it.
import { z } from 'zod';
import { parseFrontList, renderFrontList } from './front-list.ts';
import { slugify } from './skills.ts';
import type { Goal } from './types.ts';

export const GOALS_FILE = 'goals.md';
/** The source of goals that came from agents.yaml (priors), rather than from a task. */
export const SEED_SOURCE = 'agents.yaml';

const id = z.union([z.string().min(1), z.number()]).transform(String);

const GoalSchema = z.object({
  id,
  text: z.string().trim().min(1, 'expected the goal text'),
  status: z.enum(['active', 'achieved', 'dropped'], { error: 'expected active, achieved or dropped' }),
  created: z.string().min(1),
  updated: z.string().min(1),
  source: z.array(id).default([]),
});

export function parseGoals(text: string, file = GOALS_FILE): Goal[] {
  return parseFrontList(text, file, 'goals', GoalSchema);
}

export function renderGoals(goals: Goal[]): string {
  const items = goals.map((g) => ({ id: g.id, text: g.text, status: g.status, created: g.created, updated: g.updated, source: g.source }));
  const comment = 'This list is the truth; the text below it is regenerated from it.';
  return renderFrontList('goals', items, comment, ['source'], renderBody(goals));
}

function renderBody(goals: Goal[]): string {
  const out = ['# Goals', ''];
  const section = (title: string, status: Goal['status'], always: boolean): void => {
    const list = goals.filter((g) => g.status === status);
    if (!list.length && !always) return;
    out.push(`## ${title}`, '');
    out.push(...(list.length ? list.map(line) : ['_none_']), '');
  };
  section('Active', 'active', true);
  section('Achieved', 'achieved', false);
  section('Dropped', 'dropped', false);
  return out.join('\n');
}

function line(g: Goal): string {
  const from = g.source.length ? `; from ${g.source.join(', ')}` : '';
  return `- ${g.text.replace(/\s+/g, ' ')} _(${g.id}${from})_`;
}

export function isSeedGoal(g: Goal): boolean {
  return g.source.includes(SEED_SOURCE);
}

/** Case- and whitespace-insensitive key used to find duplicate goals. */
export function goalKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export const MAX_GOAL_ID = 48;

/** A readable id from the text, unique among `goals`. */
export function goalId(text: string, goals: Goal[]): string {
  const base = slugify(text, MAX_GOAL_ID) || 'goal';
  const taken = new Set(goals.map((g) => g.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
