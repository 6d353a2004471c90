// One task through the stages of DESIGN.md: assemble context → route → act → verify →
// learn → commit. Every stage but commit only computes; commit writes once.
import { writeFile } from 'node:fs/promises';
import { assembleContext, tokenCounter, updateIndexFromChanges, type ContextStats } from '../context/index.ts';
import { learn, loadAgentState, primeStateCache, type LearnSummary, type TaskReport } from '../learn/index.ts';
import { ActPausedError } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';
import type { ResumePoint } from './act-port.ts';
import { actRouted, afterCommit, settleRouting, type RoutedAct } from './act-routed.ts';
import type { AgentContext } from './agent-context.ts';
import { commitChangeSet } from './commit.ts';
import { LlmAuditor } from './llm-audit.ts';
import { routingOf } from './routing.ts';
import { runVerify } from './verify.ts';

export interface TaskResult {
  commit: string;
  summary: LearnSummary;
  response: string;
  modelMs: number;
  durationMs: number;
  /** The model's report (its handoff, if any, is acted on after the commit). */
  report: TaskReport;
  /** Shared segments retrieved into this task's context (for segment usefulness). */
  segments: string[];
}

/** The act loop waits for a person; the task stays queued and resumes from here (act-port.ts). */
export interface TaskPaused {
  paused: string[];
}

const MAX_RESPONSE_IN_COMMIT = 16 * 1024;

export async function runTask(ctx: AgentContext, task: QueueTask, signal: AbortSignal, resume?: ResumePoint): Promise<TaskResult | TaskPaused> {
  const started = performance.now();
  const now = new Date();
  const state = await loadAgentState(ctx.paths.root, { cache: ctx.stateCache });
  for (const p of state.problems) ctx.log.warn({ agent: ctx.config.name, problem: p }, `${p.file}:${p.line}: ${p.message}`);

  const context = assembleContext(ctx.config, state, task, now, {
    index: ctx.index, counter: tokenCounter(ctx.model.model), outputReserve: ctx.model.maxTokens, model: ctx.model.model,
  });
  // context.md is a record for people, git-ignored; losing it in a crash costs nothing.
  await writeFile(ctx.paths.context, context.record);

  // Route → act (the tool runtime's session: policy, sandbox, approvals) → verify, with
  // fallbacks and the cascade (act-routed.ts). A gated tool call pauses the task here.
  const session = await ctx.act?.open(task, resume);
  const system = resume?.system ?? (session ? `${context.system}\n\n${session.instructions}` : context.system);
  let act: RoutedAct;
  try {
    act = await actRouted(ctx, task, state, { system, prompt: context.prompt }, signal, {
      tools: session?.tools ?? ctx.tools(),
      limits: session?.limits,
      messages: resume?.messages,
      verify: (command) => (ctx.act ? ctx.act.verify(command, ctx.verifyTimeoutMs) : runVerify(command, ctx.paths.workspace, ctx.verifyTimeoutMs)),
    });
  } catch (e) {
    if (e instanceof ActPausedError && ctx.act && session) return { paused: await ctx.act.pause(task, session, { system, messages: e.messages, pending: e.pending, usage: e.usage }) };
    throw e;
  } finally {
    session?.close();
  }
  const final = act.attempts[act.attempts.length - 1];
  const gen = final.result.gen;
  const verify = final.verify;
  const routed = settleRouting(ctx, task, act, now);
  const usage = resume ? { inputTokens: routed.usage.inputTokens + resume.usage.inputTokens, outputTokens: routed.usage.outputTokens + resume.usage.outputTokens } : routed.usage;
  ctx.events.emitEvent({ type: 'task.model', agent: ctx.config.name, task: task.id, modelMs: routed.modelMs });

  const llmAudit = ctx.config.rewardAudit === 'llm' ? await (ctx.auditor ?? new LlmAuditor(ctx.model)).audit({ task, report: gen.value, verify, signal }) : undefined;
  if (ctx.config.rewardAudit === 'llm' && !llmAudit) ctx.log.warn({ agent: ctx.config.name, task: task.id }, 'LLM audit unavailable; the rule audit stands alone');
  const durationMs = Math.round(performance.now() - started);
  const learned = learn({
    config: ctx.config,
    state,
    task,
    report: gen.value,
    verify,
    model: gen.model,
    usage,
    durationMs,
    now,
    toolCalls: gen.toolCalls,
    llmAudit,
    routing: routed.fields,
  });
  if (learned.summary.reward !== learned.summary.auditScore) {
    ctx.log.warn({ agent: ctx.config.name, task: task.id, reward: learned.summary.reward, audit: learned.summary.auditScore, reason: learned.summary.auditReason }, 'audit diverged from the self-score');
  }

  const message = commitMessage(ctx.config.name, task, learned.summary, gen.value.response, gen.model, verify?.passed, context.stats, routed.message, session?.recordLines() ?? []);
  const ledger = await routingOf(ctx).book.changes(routed.taskLine);
  signal.throwIfAborted(); // a withdrawn claim (a lost lease, a stop) never commits
  const commit = await commitChangeSet(ctx, { message, changes: [...learned.changes, ...ledger], dequeue: [task.id] });
  await ctx.act?.finished(task, commit);
  primeStateCache(ctx.stateCache, learned.changes, learned.next);
  if (ctx.index) {
    try {
      updateIndexFromChanges(ctx.index, ctx.config, learned.changes, learned.next, commit, now);
    } catch (err) {
      // The index is a cache: a failure costs retrieval quality until the next start rebuilds it.
      ctx.log.warn({ agent: ctx.config.name, err }, 'context index update failed; it is rebuilt at the next start');
    }
  }
  await afterCommit(ctx, routed);
  const segments = context.included.map((i) => i.source).filter((s) => s.startsWith('shared/'));
  return { commit, summary: learned.summary, response: gen.value.response, modelMs: routed.modelMs, durationMs: performance.now() - started, report: gen.value, segments };
}

function commitMessage(
  agent: string, task: QueueTask, s: LearnSummary, response: string, model: string,
  verified: boolean | undefined, c: ContextStats, routing: string[], tools: string[],
): string {
  const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
  const facts = [
    `outcome: ${s.outcome}; reward ${sign(s.reward)}, audit ${sign(s.auditScore)}; model ${model}`,
    typeof task.extra?.origin === 'string' ? `origin: ${task.extra.origin}` : undefined,
    verified === undefined ? undefined : `verify: ${verified ? 'passed' : 'failed'}`,
    s.reward !== s.auditScore ? `audit: ${s.auditReason}` : undefined,
    ...routing,
    `context: ${c.total} tokens; retrieved ${c.used} of ${c.budget}; ${c.included} included, ${c.excluded} excluded`,
    s.skillEarned && `skill earned: ${s.skillEarned}`,
    s.skillStrengthened && `skill strengthened: ${s.skillStrengthened}`,
    s.skillsPruned.length ? `skills pruned: ${s.skillsPruned.join(', ')}` : undefined,
    s.goalAdded && `goal added: ${s.goalAdded}`,
    s.goalsDropped.length ? `goals dropped: ${s.goalsDropped.join(', ')}` : undefined,
    ...s.world.map((e) => `world: ${e.type} ${e.name} ${e.detail}`),
  ].filter(Boolean);
  const body = response.length > MAX_RESPONSE_IN_COMMIT ? `${response.slice(0, MAX_RESPONSE_IN_COMMIT)}\n[… truncated]` : response;
  const calls = tools.length ? `\n\ntool calls (${tools.length}):\n${tools.join('\n')}` : '';
  return redactText(`${agent}(task): ${task.id}\n\n${facts.join('\n')}\n\n${body.trim()}${calls}\n`);
}
