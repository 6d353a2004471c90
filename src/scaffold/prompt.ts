// Asking the template's variables in a terminal (@inquirer/prompts), one question each, with
// choices where the template has them. Only used in a TTY; --answers FILE.yaml is the rest.
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { AUTONOMY_LEVELS, BUDGETS, DEPLOYMENTS, LEARNING, MAX_TASK_EXAMPLES, RISK_LEVELS, validateAnswers, type Answers } from './answers.ts';
import { BUILTIN_TOOLS } from './tools.ts';

const required = (v: string) => v.trim().length > 0 || 'an answer is needed';
const choices = <T extends string>(values: readonly T[]) => values.map((value) => ({ name: value, value }));

/** Several answers, one per line, until an empty line. */
async function many(message: string, min = 0, max = 20): Promise<string[]> {
  const out: string[] = [];
  while (out.length < max) {
    const v = await input({ message: `${message} ${out.length + 1}${out.length >= min ? ' (empty to finish)' : ''}:`, validate: (x) => out.length >= min || required(x) });
    if (!v.trim()) break;
    out.push(v.trim());
  }
  return out;
}

export async function askAnswers(): Promise<Answers> {
  const data = {
    agent_name: await input({ message: 'Agent name (lowercase, e.g. compliance-bot):', validate: (v) => /^[a-z0-9][a-z0-9_-]{0,62}$/.test(v.trim()) || 'lowercase letters, digits, "-" or "_"' }),
    primary_purpose: await input({ message: 'Primary purpose:', validate: required }),
    domain: await input({ message: 'Domain:', validate: required }),
    target_users: await input({ message: 'Target users:', validate: required }),
    task_examples: await many('Example task', 1, MAX_TASK_EXAMPLES),
    risk_level: await select({ message: 'Risk level:', choices: choices(RISK_LEVELS), default: 'medium' }),
    autonomy_level: await select({ message: 'Autonomy level:', choices: choices(AUTONOMY_LEVELS), default: 'semi-autonomous' }),
    tools_allowed: await checkbox({ message: 'Tools allowed (none ticked: the domain\'s defaults):', choices: choices(BUILTIN_TOOLS) }),
    tools_forbidden: await checkbox({ message: 'Tools forbidden:', choices: choices(BUILTIN_TOOLS) }),
    data_sources: await many('Data source (a URL or a description)'),
    success_metrics: await many('Success metric (e.g. "95% of reports cite a source")'),
    deployment_env: await select({ message: 'Deployment environment:', choices: choices(DEPLOYMENTS), default: 'server' }),
    budget_priority: await select({ message: 'Budget priority:', choices: choices(BUDGETS), default: 'balanced' }),
    privacy_requirements: await input({ message: 'Privacy requirements (e.g. "GDPR: no customer e-mails or phone numbers"; or none):', default: 'none' }),
    human_review_points: await many('Human review point (e.g. "before a reply is sent")'),
    multi_agent_required: await confirm({ message: 'Multi-agent (a reviewer agent that votes on shared beliefs)?', default: false }),
    long_term_memory: await confirm({ message: 'Long-term memory?', default: true }),
    learning_allowed: await select({ message: 'Learning allowed:', choices: choices(LEARNING), default: 'constrained' }),
    output_style: await input({ message: 'Output style:', default: 'Clear, concise, structured Markdown.' }),
  };
  return validateAnswers(data, 'your answers');
}
