// Task-scoped context: what the model sees for one task, and a record of what was
// left out and why (context.md, rebuilt each task, never committed).
import { rankSkills, renderSystemPrompt, type AgentState } from '../learn/index.ts';
import type { AgentConfig } from '../config/index.ts';
import type { QueueTask } from '../store/index.ts';
import { estimateTokens } from './tokens.ts';

export interface ContextItem {
  source: string;
  tokens: number;
  reason: string;
}

export interface AssembledContext {
  system: string;
  prompt: string;
  included: ContextItem[];
  excluded: ContextItem[];
  /** The text of context.md. */
  record: string;
}

const MAX_SKILL_BODIES = 3;
const RECENT_REWARDS = 5;
const RECENT_REFLECTIONS = 3;

export function assembleContext(config: AgentConfig, state: AgentState, task: QueueTask, now: Date): AssembledContext {
  const ranked = rankSkills(state.skills, now, config.skillHalfLifeDays);
  const system = renderSystemPrompt({ persona: state.persona, constraints: state.constraints, skills: ranked, goals: state.goals });
  const included: ContextItem[] = [{ source: 'system_prompt (persona, constraints, skills index, goals)', tokens: estimateTokens(system), reason: 'always' }];
  const excluded: ContextItem[] = [];

  const words = keywords(`${task.task} ${(task.tags ?? []).join(' ')}`);
  const matched = ranked
    .map((s) => ({ s, overlap: overlap(words, keywords(`${s.name} ${s.description} ${s.tags.join(' ')}`)) }))
    .sort((a, b) => b.overlap - a.overlap);
  const bodies: string[] = [];
  for (const { s, overlap: n } of matched) {
    const item = { source: `skills/${s.name}/SKILL.md`, tokens: estimateTokens(s.body) };
    if (n > 0 && bodies.length < MAX_SKILL_BODIES) {
      bodies.push(`## Skill: ${s.name}\n${s.body.trim()}`);
      included.push({ ...item, reason: `shares ${n} keyword(s) with the task` });
    } else {
      excluded.push({ ...item, reason: n > 0 ? `over the ${MAX_SKILL_BODIES}-skill limit` : 'no keyword overlap with the task' });
    }
  }

  const rewards = state.rewards.slice(-RECENT_REWARDS);
  const rewardLines = rewards.map((r) => {
    const divergence = r.reward !== r.audit_score ? ` — audit disagreed (${r.audit_reason ?? 'see rewards.md'})` : '';
    return `- ${r.task}: ${r.outcome}, self ${fmt(r.reward)}, audit ${fmt(r.audit_score)}${divergence}`;
  });
  const reflections = state.reflections.slice(-RECENT_REFLECTIONS).map((r) => `- ${r.task}: ${r.text}`);

  const sections = [`# Task ${task.id}`, '', task.task.trim(), ''];
  if (bodies.length) sections.push('# Relevant skills', '', ...bodies, '');
  if (rewardLines.length) {
    sections.push('# Your recent outcomes (self-score vs audit)', '', ...rewardLines, '');
    included.push({ source: `rewards.md (last ${rewards.length})`, tokens: estimateTokens(rewardLines.join('\n')), reason: 'recent outcomes and audit divergence' });
  }
  if (reflections.length) {
    sections.push('# Your recent reflections', '', ...reflections, '');
    included.push({ source: `reflections.md (last ${reflections.length})`, tokens: estimateTokens(reflections.join('\n')), reason: 'recent lessons' });
  }
  if (state.rewards.length > rewards.length) {
    excluded.push({ source: `rewards.md (${state.rewards.length - rewards.length} older)`, tokens: 0, reason: 'older than the last 5' });
  }
  sections.push(REPORT_INSTRUCTIONS);
  const prompt = sections.join('\n');
  included.push({ source: 'task', tokens: estimateTokens(task.task), reason: 'the task itself' });
  return { system, prompt, included, excluded, record: renderRecord(task, included, excluded) };
}

const REPORT_INSTRUCTIONS = [
  '# How to answer',
  '',
  'Do the task, then answer with the JSON report: `response` (your answer), `outcome`, `reward`',
  '(+1 only for a verified, reusable success), `context_tags`, `skill` (a reusable technique, or null),',
  '`reflection`, `goal` (a new goal when the task exposed a gap, or null). Be honest: your self-score is audited.',
].join('\n');

function renderRecord(task: QueueTask, included: ContextItem[], excluded: ContextItem[]): string {
  const line = (i: ContextItem) => `- ${i.source} — ${i.tokens} tokens (estimated) — ${i.reason}`;
  const total = included.reduce((n, i) => n + i.tokens, 0);
  return [
    `Task: ${task.id}`,
    '',
    `Included (${total} tokens, estimated at 4 characters per token):`,
    ...included.map(line),
    '',
    'Excluded:',
    ...(excluded.length ? excluded.map(line) : ['- nothing']),
    '',
  ].join('\n');
}

const STOP = new Set('the a an and or of to in on for with from by is are be this that it as at your you into its all any use using write build'.split(' '));

function keywords(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w)));
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

function fmt(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

