// The route and act stages: decide the tier, call it (or a consensus of strong calls), run
// `verify:`, and on a failed verification escalate one tier and retry once (the cascade).
// Then settle: outcome per attempt, model_appropriate, tokens and cost, the ledger's task line.
import { modelsPolicyOf, type TierName } from '../config/index.ts';
import { auditScore, judgeAudit, TaskReport, worldFamiliarity, type AgentState, type JudgeResult, type VerifyResult } from '../learn/index.ts';
import {
  callChain,
  fallbackChain,
  judgeAppropriate,
  outcomeScore,
  runConsensus,
  sameModel,
  strongerTier,
  TEXT_LIMIT,
  callId,
  type ChainDeps,
  type ChainResult,
  type RouteDecision,
  type TaskLine,
  type TierModel,
  type Usage,
} from '../models/index.ts';
import type { ModelMessage, ToolSet } from 'ai';
import type { ActLimits, StepHooks } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';
import type { AgentContext } from './agent-context.ts';
import { checkBudget, routingOf } from './routing.ts';
import { traced } from './tracing.ts';

type Report = TaskReport;

export interface ActAttempt {
  model: TierModel;
  result: ChainResult<Report>;
  verify?: VerifyResult;
}

export interface RoutedAct {
  decision: RouteDecision;
  /** The first attempt, then the escalated one if the cascade ran. */
  attempts: ActAttempt[];
  /** Consensus: share of voters agreeing with the chosen answer. */
  agreement: number | null;
  /** Whether a stronger tier answered after a failed verify (default: more than one attempt). Speculation sets it. */
  escalated?: boolean;
}

/** What the act loop works with: the tool runtime's tools and budgets, a paused loop's messages, the verifier. */
export interface ActIO {
  tools: ToolSet;
  limits?: ActLimits;
  messages?: ModelMessage[];
  verify: (command: string) => Promise<VerifyResult>;
  /** The step checkpoint's hooks (one loop at a time: not given to consensus voters). */
  steps?: StepHooks;
}

export async function actRouted(ctx: AgentContext, task: QueueTask, state: AgentState, context: { system: string; prompt: string }, signal: AbortSignal, io: ActIO): Promise<RoutedAct> {
  const route = await routeTask(ctx, task, state, context, signal, io);
  const { decision, req } = route;
  const verifyNow = () => (task.verify ? io.verify(task.verify) : Promise.resolve(undefined));
  const { first, agreement } = await firstCall(route, req);
  const attempts: ActAttempt[] = [{ model: first.model, result: first, verify: await verifyNow() }];
  const up = attempts[0].verify?.passed === false ? cascadeTier(route, first) : undefined;
  if (up) {
    ctx.log.info({ agent: ctx.config.name, task: task.id }, `cascade: verify failed on ${first.model.tier}; retrying once on ${up}`);
    const second = await cascadeCall(route, up, first, req, attempts[0].verify!);
    attempts.push({ model: second.model, result: second, verify: await verifyNow() });
  }
  return { decision, attempts, agreement };
}

/** The routing decision and what every attempt of the task shares (speculate.ts runs several). */
export interface Route {
  ctx: AgentContext;
  task: QueueTask;
  decision: RouteDecision;
  deps: ChainDeps;
  /** The act request; an attempt in a fork replaces `tools` and `limits` with its own. */
  req: ActRequest;
  prompt: string;
}

export type ActRequest = Parameters<typeof callChain<Report>>[3];

export async function routeTask(ctx: AgentContext, task: QueueTask, state: AgentState, context: { system: string; prompt: string }, signal: AbortSignal, io: Omit<ActIO, 'verify'>): Promise<Route> {
  const agent = ctx.config.name;
  const r = routingOf(ctx);
  const policy = modelsPolicyOf(ctx.config);
  const table = r.router.routeTable(state.constraints);
  if (table.fresh) for (const w of table.warnings) ctx.log.warn({ agent }, `route table: ${w}`);
  const decide = () => r.router.decide({
    text: task.task,
    tags: task.tags ?? [],
    priority: task.priority,
    explicitDemand: task.extra?.reasoning_demand,
    skills: state.skills,
    familiarity: r.familiarity ? r.familiarity({ text: task.task, tags: task.tags ?? [] }) : worldFamiliarity({ text: task.task, tags: task.tags ?? [] }, state.world),
    riskLevel: ctx.config.riskLevel,
    targetSuccess: policy.targetSuccess,
    learn: policy.learn,
    table: table.table,
  });
  const decision = await traced(ctx, 'agentos.route', () => ({ 'agentos.agent': agent, 'agentos.task.id': task.id }), async (span) => {
    const d = decide();
    span.set({ 'agentos.route.demand': d.demand, 'agentos.route.tier': d.tier, 'agentos.route.table_tier': d.tableTier, 'agentos.route.consensus': d.consensus });
    return d;
  });
  ctx.log.info({ agent, task: task.id, demand: decision.demand, tier: decision.tier }, `route: ${decision.reason}`);
  const deps: ChainDeps = {
    breakers: r.breakers,
    book: r.book,
    task: task.id,
    checkBudget: () => checkBudget(ctx),
    ...(r.generateOptions && { generateOptions: r.generateOptions }),
    ...(ctx.tracing && { generateOptions: { ...r.generateOptions, telemetry: ctx.tracing.ai }, trace: ctx.tracing.span.bind(ctx.tracing) }),
    onCall: (l, ms) => ctx.events.emitEvent({
      type: 'model.call', agent, task: task.id, tier: l.tier, model: l.model, purpose: l.purpose, ok: l.ok, ms: Math.round(ms),
      inputTokens: l.input, outputTokens: l.output, costUsd: l.cost_usd,
    }),
    onFallback: (m, error) => ctx.log.warn({ agent, task: task.id, model: m.label }, `falling back to the next model: ${redactText(error)}`),
  };
  checkBudget(ctx);
  const req: ActRequest = { system: context.system, prompt: context.prompt, messages: io.messages, schema: TaskReport, tools: io.tools, maxSteps: ctx.config.maxSteps, abortSignal: signal, limits: io.limits, ...(!decision.consensus && io.steps && { steps: io.steps }) };
  return { ctx, task, decision, deps, req, prompt: context.prompt };
}

/** The routed call: one chain on the decided tier, or a consensus of calls. */
export async function firstCall(route: Route, req: ActRequest): Promise<{ first: ChainResult<Report>; agreement: number | null }> {
  const { ctx, decision, deps } = route;
  const r = routingOf(ctx);
  const policy = modelsPolicyOf(ctx.config);
  if (!decision.consensus) return { first: await callChain(deps, fallbackChain(r.tiers, decision.tier), 'act', req), agreement: null };
  const c = await runConsensus(deps, {
    models: r.tiers.byName[decision.tier],
    fallbacks: fallbackChain(r.tiers, decision.tier),
    calls: decision.calls ?? policy.consensus.calls,
    aggregate: policy.consensus.aggregate,
    answerOf: (v) => v.response,
  }, req);
  return { first: c.chosen, agreement: c.agreement };
}

/** The tier the cascade retries on after a failed verify (none: cascade off, consensus, or no stronger tier). */
export function cascadeTier(route: Route, failed: ChainResult<Report>): TierName | undefined {
  const policy = modelsPolicyOf(route.ctx.config);
  return policy.cascade && !route.decision.consensus ? strongerTier(routingOf(route.ctx).tiers, failed.model.tier) : undefined;
}

/** One retry on tier `up`, told what failed (its files are where the retry works). */
export function cascadeCall(route: Route, up: TierName, failed: ChainResult<Report>, req: ActRequest, verify: VerifyResult): Promise<ChainResult<Report>> {
  const chain = fallbackChain(routingOf(route.ctx).tiers, up).filter((m) => !sameModel(m, failed.model));
  return callChain(route.deps, chain, 'cascade', { ...req, prompt: cascadePrompt(route.prompt, verify, failed.model) });
}

function cascadePrompt(prompt: string, verify: VerifyResult, model: TierModel): string {
  const output = redactText(verify.output.trim()).slice(-2000);
  return [
    prompt,
    '',
    '# A previous attempt failed verification',
    '',
    `A ${model.tier} model answered this task, but the check \`${verify.command}\` ${verify.timedOut ? 'timed out' : `exited with status ${verify.exitCode}`}.`,
    'Its files are still in the workspace. Find what is wrong and make the check pass.',
    ...(output ? ['', 'Output of the check (the end):', '```', output, '```'] : []),
  ].join('\n');
}

export interface Settlement {
  /** The reward entry's routing fields. */
  fields: { reasoning_demand: string; model_appropriate: string; cost: number | null };
  /** Tokens of every call this task made (all attempts, voters, judge). */
  usage: Usage;
  modelMs: number;
  taskLine: TaskLine;
  message: string[];
}

/** Outcomes from evidence (verify, audit), never from the model's opinion of its own tier. */
export function settleRouting(ctx: AgentContext, task: QueueTask, act: RoutedAct, now: Date, judges: readonly JudgeResult[] = []): Settlement {
  const { decision } = act;
  const policy = modelsPolicyOf(ctx.config);
  const scores = act.attempts.map((a, i) => {
    const report = a.result.gen.value;
    // The judges graded the final attempt: their evidence counts toward its outcome too.
    const rule = auditScore({ report, verify: a.verify });
    const audit = i === act.attempts.length - 1 ? judgeAudit(rule, judges) : rule;
    return outcomeScore({ verified: a.verify?.passed, effectiveReward: Math.min(report.reward, audit.score) });
  });
  const final = act.attempts[act.attempts.length - 1];
  const escalated = act.escalated ?? act.attempts.length > 1;
  const verdict = judgeAppropriate({
    tier: final.model.tier, success: scores[scores.length - 1], demand: decision.demand,
    routineTier: decision.routineTier, evidence: decision.evidence, target: policy.targetSuccess, escalated,
  });
  const calls = routingOf(ctx).book.uncommitted.filter((l) => l.task === task.id);
  const usage = { inputTokens: 0, outputTokens: 0 };
  let cost: number | null = null;
  for (const c of calls) {
    usage.inputTokens += c.input;
    usage.outputTokens += c.output;
    if (c.cost_usd !== null) cost = (cost ?? 0) + c.cost_usd;
  }
  const context_tags = final.result.gen.value.context_tags.map((t) => t.toLowerCase());
  const tags = [...new Set([...decision.tags, ...context_tags])].sort();
  const taskLine: TaskLine = {
    v: 1, kind: 'task', id: callId(), at: now.toISOString(), task: task.id,
    text: task.task.slice(0, TEXT_LIMIT), tags, demand: decision.demand, table_tier: decision.tableTier, tier: decision.tier,
    consensus: decision.consensus,
    attempts: act.attempts.map((a, i) => ({ tier: a.model.tier, model: a.model.settings.model, success: scores[i] })),
    appropriate: verdict.verdict, agreement: act.agreement === null ? null : round3(act.agreement),
    input: usage.inputTokens, output: usage.outputTokens, cost_usd: cost === null ? null : round6(cost),
    features: { ...decision.features }, expected: Object.fromEntries(Object.entries(decision.expected).map(([k, v]) => [k, round3(v)])),
    reason: decision.reason,
  };
  const message = [
    `route: ${decision.demand} → ${decision.tier}${decision.consensus ? ' (consensus)' : ''}, answered by ${final.model.settings.model}; model_appropriate: ${verdict.verdict}`,
    escalated ? `cascade: verify failed on ${act.attempts[0].model.tier}, escalated to ${final.model.tier}` : undefined,
    act.agreement !== null ? `consensus agreement: ${round3(act.agreement)}` : undefined,
    `cost: ${cost === null ? 'unpriced' : `$${round6(cost)}`}, ${usage.inputTokens + usage.outputTokens} tokens in ${calls.length} request(s)`,
  ].filter((l): l is string => l !== undefined);
  const modelMs = act.attempts.reduce((n, a) => n + a.result.gen.modelMs, 0);
  return { fields: { reasoning_demand: decision.demand, model_appropriate: verdict.verdict, cost: cost === null ? null : round6(cost) }, usage, modelMs, taskLine, message };
}

/** After the task's commit: the calls are committed spend, the outcome is learned. */
export async function afterCommit(ctx: AgentContext, s: Settlement): Promise<void> {
  const r = routingOf(ctx);
  await r.book.committed();
  r.router.observe({ text: s.taskLine.text, tags: s.taskLine.tags, attempts: s.taskLine.attempts });
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
