// The files a new agent starts with (bootstrap writes only those that are missing).
import type { AgentConfig } from '../config/index.ts';
import { goalId, goalKey, GOALS_FILE, renderGoals, SEED_SOURCE } from './goals.ts';
import { REFLECTIONS_FILE, renderReflections } from './reflections.ts';
import { renderRewards, REWARDS_FILE } from './rewards.ts';
import { renderSkillsIndex, SKILLS_INDEX_FILE } from './skills-index.ts';
import { CONSTRAINTS_FILE, PERSONA_FILE } from './state.ts';
import { renderSystemPrompt, SYSTEM_PROMPT_FILE } from './system-prompt.ts';
import type { Goal } from './types.ts';

/** Directories, as keys ending in '/', with empty content. */
export const AGENT_DIRS = ['skills/', 'world/entities/', 'world/relations/', 'world/hypotheses/', 'workspace/', 'iac/'];

export function renderPersona(c: AgentConfig): string {
  const out = [`# ${c.name}`, '', c.persona.trim(), '', `- Domain: ${c.domain}`, `- Tone: ${c.tone}`, ''];
  if (c.hints.length) {
    out.push('## Hints (priors, not skills)', '');
    out.push('Starting points from agents.yaml. They are not earned skills: evidence from tasks outranks them.', '');
    out.push(...c.hints.map((h) => `- ${h}`), '');
  }
  return out.join('\n');
}

export function renderConstraints(c: AgentConfig): string {
  const b = c.budgets;
  return [
    '# Constraints',
    '',
    '## Budgets',
    '',
    `- skills: at most ${b.skills} (skills.md)`,
    `- active goals: at most ${b.goals} (goals.md)`,
    `- rewards kept: the last ${b.rewards} (rewards.md)`,
    `- reflections kept: the last ${b.reflections} (reflections.md)`,
    '',
    '## How you learn',
    '',
    `Learning mode: ${c.learning}.`,
    '',
    '- After every task, score yourself: +1 a reusable success, 0 partial, -1 failure. Be honest: a rule-based audit checks the claim (a failed verify command, an empty or refusing answer, or a failure scored +1 lowers it) and learning uses the lower of the two scores.',
    '- A skill is earned only from an audited +1 outcome; using it again to a +1 strengthens it.',
    `- A skill's standing halves every ${c.skillHalfLifeDays} days since its last success; when the skill budget is full the weakest is pruned.`,
    '- A failure (-1) becomes a goal; when active goals exceed the budget, the oldest goal learned from tasks is dropped first, then the oldest seed goal.',
    '- Every task leaves a reward entry and a reflection; older ones beyond the budget leave the files, never the git history.',
    `- World model (world/): every claim you report needs evidence from the task. A claim starts as a hypothesis; it is confirmed when weighted supporting evidence reaches ${c.world.promoteEvidence} and confidence ${c.world.promoteConfidence}; contradicting evidence demotes it and below ${c.world.retractBelow} retracts it. A different claim about the same concept replaces the older one; duplicates are merged.`,
    '',
    '## Model routing',
    '',
    '| reasoning_demand | route |',
    '|------------------|-------|',
    '| routine | cheap-fast |',
    '| moderate | balanced |',
    '| novel | strongest |',
    '| consensus | strongest multi-agent |',
    '',
  ].join('\n');
}

export function renderQueueHeader(name: string): string {
  return [
    `# Task queue of ${name}`,
    '',
    'Append one block per task at the end of this file. A block starts at a line that begins,',
    'in column 0, with two hashes, a space and a unique task id. Example (without the indent):',
    '',
    '    ## paginated-api',
    '    task: Write a function that fetches all pages of a paginated REST endpoint.',
    '    priority: normal',
    '    created: 2026-04-29T10:10:00Z',
    '',
    'For a longer task write "task: |" and indent the following lines. Optional keys: verify',
    '(a command whose exit status checks the result), ttl, tags, after (task ids to wait for).',
    'priority is high, normal or low. A task leaves this file in the commit that records it.',
    '',
  ].join('\n');
}

export function initialAgentFiles(config: AgentConfig, now: Date = new Date()): Record<string, string> {
  const at = now.toISOString();
  const goals: Goal[] = [];
  for (const text of config.goals) {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t || goals.some((g) => goalKey(g.text) === goalKey(t))) continue;
    goals.push({ id: goalId(t, goals), text: t, status: 'active', created: at, updated: at, source: [SEED_SOURCE] });
  }
  const persona = renderPersona(config);
  const constraints = renderConstraints(config);
  const files: Record<string, string> = {
    [PERSONA_FILE]: persona,
    [CONSTRAINTS_FILE]: constraints,
    [SKILLS_INDEX_FILE]: renderSkillsIndex([], { now, halfLifeDays: config.skillHalfLifeDays }),
    [GOALS_FILE]: renderGoals(goals),
    [REWARDS_FILE]: renderRewards([]),
    [REFLECTIONS_FILE]: renderReflections([]),
    'queue.md': renderQueueHeader(config.name),
    [SYSTEM_PROMPT_FILE]: renderSystemPrompt({ persona, constraints, skills: [], goals }),
    'world/index.md': [
      '# World model',
      '',
      'What this agent believes about its world: entities/, relations/ and hypotheses/, one Markdown',
      'file each, with confidence, evidence and source. Claims start as hypotheses. None yet.',
      '',
    ].join('\n'),
  };
  for (const dir of AGENT_DIRS) files[dir] = '';
  return files;
}

/**
 * The agent repository's .gitignore. context.md is rebuilt for every task. Quarantined files
 * (`*.quarantine-*`) are deliberately NOT ignored: a person must see them. workspace/ is
 * tracked (what the agent produced is part of its history) except dependency folders and caches.
 */
export function agentGitignore(): string {
  return [
    '# Rebuilt for every task.',
    'context.md',
    '.queue.md.hold.*',
    '# Dependencies and caches a tool run may create in the sandbox; the rest of workspace/ is history.',
    'workspace/**/node_modules/',
    'workspace/**/.venv/',
    'workspace/**/__pycache__/',
    'workspace/**/.cache/',
    '',
  ].join('\n');
}
