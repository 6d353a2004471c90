// system_prompt.md: persona, constraints, the skills index (names and descriptions) and the
// active goals, assembled into the standing instructions for every task.
import { oneLine } from './skills-index.ts';
import { skillPath } from './skills.ts';
import type { Goal, Skill } from './types.ts';

export const SYSTEM_PROMPT_FILE = 'system_prompt.md';

export interface SystemPromptParts {
  persona: string;
  constraints: string;
  /** In the order to show them (strongest first). */
  skills: Skill[];
  goals: Goal[];
}

export function renderSystemPrompt(parts: SystemPromptParts): string {
  const out = [
    '<!-- Generated from persona.md, constraints.md, skills/*/SKILL.md and goals.md: edits here are overwritten. -->',
    '',
    parts.persona.trim(),
    '',
    parts.constraints.trim(),
    '',
    '# Skills you have earned',
    '',
  ];
  if (parts.skills.length === 0) out.push('_None yet._');
  for (const s of parts.skills) out.push(`- **${s.name}** (${skillPath(s.name)}${s.metadata_extra?.origin === 'imported' ? ', imported: not yet proven here' : ''}): ${oneLine(s.description)}`);
  out.push('', '# Active goals', '');
  const active = parts.goals.filter((g) => g.status === 'active');
  if (active.length === 0) out.push('_None._');
  for (const g of active) out.push(`- ${oneLine(g.text)}`);
  out.push('');
  return out.join('\n');
}
