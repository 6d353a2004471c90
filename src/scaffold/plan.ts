// Answers → the plan of a purpose-built runtime (pure): policy, folders, routing and budget,
// review points, PII rules, success metrics, example tasks with their checks, and what was
// scaled down and why. Every choice here is something the runtime enforces; the renderers only
// write it out.
import type { Answers } from './answers.ts';
import { profileFor, type DomainProfile } from './domains.ts';
import { ScaffoldError } from './errors.ts';
import { readMetrics, readPrivacy, type MetricPlan, type PrivacyPlan } from './readings.ts';
import { READ_TOOLS, resolveReviewPoints, resolveTools, TOOL_WORDS, type ReviewResolution } from './tools.ts';

export type Tier = 'cheap-fast' | 'balanced' | 'strongest';
export type Demand = 'routine' | 'moderate' | 'novel' | 'consensus';

export interface TaskPlan {
  id: string;
  task: string;
  verify?: string;
  tags: string[];
}

export interface Plan {
  answers: Answers;
  name: string;
  profile: DomainProfile;
  risk: Answers['risk_level'];
  autonomy: Answers['autonomy_level'];
  learning: Answers['learning_allowed'];
  /** What was made safer than answered, and why (the README says it). */
  adjustments: string[];
  /** Problems a person should look at; the runtime still starts. */
  warnings: string[];
  tools: { allowed: string[]; forbidden: string[] };
  hosts: string[];
  localSources: string[];
  files: { read: string[]; write: string[]; deny: string[] };
  review: ReviewResolution;
  approvalTtl?: string;
  maxSteps?: number;
  budgets?: { skills: number; goals: number; rewards: number; reflections: number };
  models: { tiers: Record<Tier, { model: string; price: { input: number; output: number } }>; route: Record<Demand, Tier>; dailyBudgetUsd?: number; dailyBudgetTokens?: number };
  privacy: PrivacyPlan;
  metrics: MetricPlan;
  tasks: TaskPlan[];
  reviewer?: { name: string; persona: string };
  local: boolean;
}

const LOCAL_MODELS: Record<Tier, string> = { 'cheap-fast': 'llama3.1:8b', balanced: 'qwen2.5:14b', strongest: 'llama3.3:70b' };
const HOSTED_MODELS: Record<Tier, { model: string; price: { input: number; output: number } }> = {
  'cheap-fast': { model: 'gpt-4o-mini', price: { input: 0.15, output: 0.6 } },
  balanced: { model: 'gpt-4.1-mini', price: { input: 0.4, output: 1.6 } },
  strongest: { model: 'gpt-4.1', price: { input: 2, output: 8 } },
};
const ROUTES: Record<Answers['budget_priority'], Record<Demand, Tier>> = {
  cheap: { routine: 'cheap-fast', moderate: 'cheap-fast', novel: 'balanced', consensus: 'balanced' },
  balanced: { routine: 'cheap-fast', moderate: 'balanced', novel: 'strongest', consensus: 'strongest' },
  premium: { routine: 'balanced', moderate: 'strongest', novel: 'strongest', consensus: 'strongest' },
};
const DAILY_USD: Record<Answers['budget_priority'], number> = { cheap: 1, balanced: 5, premium: 25 };
const DAILY_TOKENS: Record<Answers['budget_priority'], number> = { cheap: 2_000_000, balanced: 5_000_000, premium: 20_000_000 };
const RISK_ORDER = ['low', 'medium', 'high', 'critical'] as const;

export function planRuntime(a: Answers): Plan {
  const profile = profileFor(a.domain, a.primary_purpose);
  const adjustments: string[] = [];
  const warnings: string[] = [];
  let risk = a.risk_level;
  if (profile.riskFloor && RISK_ORDER.indexOf(risk) < RISK_ORDER.indexOf(profile.riskFloor)) {
    adjustments.push(`risk_level raised from ${risk} to ${profile.riskFloor}: ${profile.label} work needs human review gates (seed 000)`);
    risk = profile.riskFloor;
  }
  const autonomy = a.autonomy_level;
  const local = a.deployment_env === 'airgapped' || a.deployment_env === 'local laptop';

  let learning = a.learning_allowed;
  if (!a.long_term_memory && learning !== 'none') {
    adjustments.push(`learning set to none (answered ${learning}): without long-term memory nothing learned may outlive a task; rewards and reflections are still logged, within small budgets`);
    learning = 'none';
  }
  if (learning === 'active' && (risk === 'high' || risk === 'critical')) {
    adjustments.push(`learning scaled down from active to constrained at ${risk} risk: beliefs are recorded as hypotheses with evidence but never promoted without review`);
    learning = 'constrained';
  }

  // Tools: what was named (or the domain's defaults), read tools always, forbidden wins.
  const allowed = resolveTools(a.tools_allowed);
  const forbidden = resolveTools(a.tools_forbidden);
  const unknown = [...allowed.unknown.map((u) => `tools_allowed: "${u}"`), ...forbidden.unknown.map((u) => `tools_forbidden: "${u}"`)];
  if (unknown.length) throw new ScaffoldError('ANSWERS_INVALID', `${unknown.join(', ')} names no tool; use ${TOOL_WORDS}`);
  const forbid = new Set(forbidden.tools);
  if (a.deployment_env === 'airgapped') {
    if (!forbid.has('http_fetch')) adjustments.push('http_fetch forbidden: an airgapped runtime has no egress');
    forbid.add('http_fetch');
  }
  const named = allowed.tools.length ? allowed.tools : profile.defaultTools;
  const tools = [...new Set([...READ_TOOLS, ...named])].filter((t) => !forbid.has(t));
  if (risk === 'critical') {
    for (const t of ['shell', 'http_fetch']) {
      if (tools.includes(t) && !allowed.tools.includes(t)) tools.splice(tools.indexOf(t), 1);
    }
  }

  const urls = a.data_sources.map((s) => /^https?:\/\/([^/\s:]+)/i.exec(s.trim())?.[1]?.toLowerCase()).filter((h): h is string => !!h);
  const localSources = a.data_sources.filter((s) => !/^https?:\/\//i.test(s.trim()));
  const hosts = tools.includes('http_fetch') ? [...new Set(urls)] : [];
  if (tools.includes('http_fetch') && hosts.length === 0) {
    warnings.push('http_fetch is allowed but no data source is a URL: the runtime offers it only for hosts in network.allow; add them there');
  }
  if (urls.length && !tools.includes('http_fetch')) {
    warnings.push(`data sources on ${[...new Set(urls)].join(', ')} are not reachable by the agent (http_fetch is not allowed${a.deployment_env === 'airgapped' ? ' in an airgapped runtime' : ''}): copy what it needs into workspace/${profile.folders.find((f) => !f.writable)?.path ?? profile.output}/`);
  }

  // Review points: as answered, plus what the risk and autonomy call for.
  const review = resolveReviewPoints(a.human_review_points);
  if ((risk === 'critical' || (risk === 'high' && autonomy === 'autonomous')) && !review.outcome) {
    review.outcome = true;
    adjustments.push(`a person labels every result (human_review_points: outcome): ${risk} risk${autonomy === 'autonomous' ? ' with an autonomous agent' : ''}`);
  }
  if (risk === 'critical' && tools.some((t) => t === 'write_file' || t === 'apply_patch')) {
    adjustments.push(`every write waits for a person's approval: the runtime's rule at critical risk${autonomy === 'autonomous' ? ' (answered autonomous: it acts alone on reads only)' : ''}`);
  }
  const metrics = readMetrics(a.success_metrics, risk);
  const labelled = metrics.metrics.find((m) => m.measure === 'label_good_rate');
  if (labelled && !review.outcome) {
    review.outcome = true;
    adjustments.push(`a person labels every result (human_review_points: outcome), so "${labelled.name}" can be measured`);
  }
  // Only tools the agent has can wait for a person.
  review.tools = review.tools.filter((t) => tools.includes(t));
  const approvalTtl = risk === 'critical' ? '4h' : risk === 'high' ? '12h' : undefined;

  const writable = profile.folders.filter((f) => f.writable).map((f) => `${f.path}/**`);
  const files = { read: ['**'], write: writable, deny: ['**/.env', '**/*.key', '**/*.pem'] };
  const budgets = a.long_term_memory ? undefined : { skills: 5, goals: 3, rewards: 10, reflections: 5 };

  const models = {
    tiers: Object.fromEntries((['cheap-fast', 'balanced', 'strongest'] as Tier[]).map((t) => [t, local ? { model: LOCAL_MODELS[t], price: { input: 0, output: 0 } } : HOSTED_MODELS[t]])) as Plan['models']['tiers'],
    route: ROUTES[a.budget_priority],
    ...(local ? { dailyBudgetTokens: DAILY_TOKENS[a.budget_priority] } : { dailyBudgetUsd: DAILY_USD[a.budget_priority] }),
  };

  const canWrite = tools.includes('write_file');
  if (!canWrite) warnings.push(`write_file is not allowed, so results cannot be written to ${profile.output}/ and the example tasks have no file check: answers are checked by the audit only`);
  const tasks: TaskPlan[] = a.task_examples.map((ex, i) => {
    const id = `ex-${String(i + 1).padStart(2, '0')}`;
    const file = `${profile.output}/${id}.md`;
    const instruction = canWrite ? `\n\nWrite the result to ${file} with write_file: ${profile.resultRule}. Then answer with a short summary.` : '';
    const verify = ex.verify ?? (canWrite ? `F=${file}; ${profile.check}` : undefined);
    return { id, task: `${ex.task}${instruction}`, ...(verify && { verify }), tags: [profile.id] };
  });

  const reviewer = a.multi_agent_required
    ? { name: `${a.agent_name.slice(0, 54)}-reviewer`, persona: `Second reader for ${a.agent_name}: checks its ${profile.label} results against the material in ${profile.folders.filter((f) => !f.writable).map((f) => `${f.path}/`).join(', ') || 'the workspace'}, and votes on every belief it proposes to share. Never writes results of its own.` }
    : undefined;

  return {
    answers: a, name: a.agent_name, profile, risk, autonomy, learning, adjustments, warnings,
    tools: { allowed: tools, forbidden: [...forbid] }, hosts, localSources, files, review, approvalTtl,
    maxSteps: risk === 'critical' ? 6 : undefined, budgets, models, privacy: readPrivacy(a.privacy_requirements), metrics, tasks, reviewer, local,
  };
}
