// One task through the stages of DESIGN.md: assemble context → route → act → verify →
// learn → commit. Every stage but commit only computes; commit writes once.
import { assembleContext, tokenCounter, updateIndexFromChanges } from '../context/index.ts';
import { learn, loadAgentState, primeStateCache, type JudgeResult, type LearnSummary, type TaskReport } from '../learn/index.ts';
import { ActPausedError, withExchangeScope } from '../models/index.ts';
import { overwriteInPlaceSync, type QueueTask } from '../store/index.ts';
import { piiActive, redactText, redactValue } from '../telemetry/index.ts';
import type { ActSession, ResumePoint } from './act-port.ts';
import { forkedAct } from './speculate.ts';
import { actRouted, afterCommit, settleRouting, type RoutedAct } from './act-routed.ts';
import type { AgentContext } from './agent-context.ts';
import { commitChangeSet } from './commit.ts';
import { judgeLines, runJudges } from './judging.ts';
import { LlmAuditor } from './llm-audit.ts';
import { archiveContext } from './context-archive.ts';
import { taskCommitMessage } from './task-message.ts';
import { routingOf } from './routing.ts';
import { observedTools } from './tool-events.ts';
import { traced } from './tracing.ts';
import { runVerify } from './verify.ts';
import { dropCheckpoint, stepRecorder } from './step-recovery.ts';
import { forceApproval, forcedCalls } from './step-resume.ts';
import { taskExchanges, type TaskExchanges } from './replay-task.ts';

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
  /** Each judge's result (empty when no judge applied). */
  judges: JudgeResult[];
  /** Context tokens: the whole prompt, what retrieval used, the retrieval budget. */
  context: { total: number; used: number; budget: number };
  /** The final attempt's tier and model, and the routing verdict (model_appropriate). */
  tier: string;
  model: string;
  appropriate: string;
}

/** The act loop waits for a person; the task stays queued and resumes from here (act-port.ts). */
export interface TaskPaused {
  paused: string[];
}

export function runTask(ctx: AgentContext, queued: QueueTask, signal: AbortSignal, resume?: ResumePoint): Promise<TaskResult | TaskPaused> {
  const attrs = () => ({ 'agentos.agent': ctx.config.name, 'agentos.task.id': queued.id, 'agentos.task.priority': queued.priority, 'agentos.task.resumed': resume !== undefined });
  return traced(ctx, 'agentos.task', attrs, async (span) => {
    // Every model call of the task runs in its exchange scope: recorded live, served in a replay (replay-task.ts).
    const ex = await taskExchanges(ctx, queued, resume);
    const r = await withExchangeScope(ex.scope, () => stages(ctx, queued, signal, resume, ex));
    if ('paused' in r) span.set({ 'agentos.task.paused_for': r.paused.length });
    else span.set({ 'agentos.task.outcome': r.summary.outcome, 'agentos.task.reward': r.summary.reward, 'agentos.task.audit': r.summary.auditScore, 'agentos.commit': r.commit });
    return r;
  });
}

async function stages(ctx: AgentContext, queued: QueueTask, signal: AbortSignal, resume: ResumePoint | undefined, ex: TaskExchanges): Promise<TaskResult | TaskPaused> {
  const started = performance.now();
  // With PII rules (agents.yaml privacy:) the task is redacted before anything sees it: the
  // model's context, context.md, the ledger and the commit get the redacted text.
  const task = piiActive() ? { ...queued, task: redactText(queued.task) } : queued;
  const now = ex.now;
  const agent = ctx.config.name;
  const on = () => ({ 'agentos.agent': agent, 'agentos.task.id': task.id });
  const state = await loadAgentState(ctx.paths.root, { cache: ctx.stateCache, now });
  for (const p of state.problems) ctx.log.warn({ agent, problem: p }, `${p.file}:${p.line}: ${p.message}`);

  const context = await traced(ctx, 'agentos.context', on, async (span) => {
    const c = assembleContext(ctx.config, state, task, now, {
      index: ctx.index, counter: tokenCounter(ctx.model.model, ctx.config.limits?.tokenizer), outputReserve: ctx.model.maxTokens, model: ctx.model.model,
    });
    span.set({ 'agentos.context.tokens': c.stats.total, 'agentos.context.retrieved_tokens': c.stats.used, 'agentos.context.budget_tokens': c.stats.budget, 'agentos.context.included': c.stats.included, 'agentos.context.excluded': c.stats.excluded });
    if (piiActive()) {
      // Retrieved records and the persona may hold what the rules cover too (written before the rules existed).
      c.system = redactText(c.system);
      c.prompt = redactText(c.prompt);
      c.record = redactText(c.record);
    }
    // context.md is a record for people, git-ignored; losing it (or a torn tail) in a crash costs
    // nothing, so it is rewritten in place, without the flush a truncate-and-rewrite costs on ext4.
    overwriteInPlaceSync(ctx.paths.context, c.record);
    if (ctx.contextArchive) await archiveContext(ctx, task.id, c.record);
    return c;
  });

  // verify: and every command judge run the same way: in the sandbox when the tool runtime is wired.
  const runCommand = (command: string, timeoutMs: number) => (ctx.act ? ctx.act.verify(command, timeoutMs) : runVerify(command, ctx.paths.workspace, timeoutMs));
  // A task with `speculate: N` (or a `verify:`) runs in forked workspaces: speculate.ts.
  const forked = await forkedAct(ctx, task, state, context, signal, resume);
  if (forked && 'pausedBy' in forked) return pauseTask(ctx, task, forked.session, forked.system, forked.pausedBy);
  let act: RoutedAct;
  let records: string[];
  let forkLines: string[] = [];
  if (forked && 'act' in forked) ({ act, records, lines: forkLines } = forked);
  else {
    if (forked) forkLines = forked.notForked;
    // Route → act (the tool runtime's session: policy, sandbox, approvals) → verify, with
    // fallbacks and the cascade (act-routed.ts). A gated tool call pauses the task here.
    const session = await ctx.act?.open(task, resume, (c) => ctx.events.emitEvent({ type: 'tool.called', agent, task: task.id, tool: c.tool, ok: c.ok, ms: c.ms, ...(c.error && { error: c.error }) }));
    const system = resume?.system ?? (session ? `${context.system}\n\n${session.instructions}` : context.system);
    // Step checkpoints: the loop's state after every model step and tool call (step-checkpoints.ts).
    const steps = stepRecorder(ctx, task.id, system, session, resume, () => ex.recording?.count ?? 0);
    try {
      act = await actRouted(ctx, task, state, { system, prompt: context.prompt }, signal, {
        // Calls the runtime approved on a resume (the interrupted step's) run first, through the SDK's approval path.
        tools: forceApproval(session ? observedTools(ctx, task.id, session.tools, false) : observedTools(ctx, task.id, ctx.tools(), true), forcedCalls(resume?.messages)),
        limits: session?.limits,
        messages: resume?.messages,
        steps,
        verify: (command) => traced(ctx, 'agentos.verify', on, async (span) => {
          const v = await runCommand(command, ctx.verifyTimeoutMs);
          span.set({ 'agentos.verify.exit_code': v.exitCode ?? -1, 'agentos.verify.passed': v.passed });
          if (!v.passed) span.fail(v.timedOut ? 'verify timed out' : `verify exited ${v.exitCode}`);
          return v;
        }),
      });
    } catch (e) {
      if (e instanceof ActPausedError && ctx.act && session) return pauseTask(ctx, task, session, system, e, steps);
      throw e;
    } finally {
      session?.close();
    }
    records = session?.recordLines() ?? [];
  }
  const final = act.attempts[act.attempts.length - 1];
  // What the model reports back is redacted too, before it reaches learned files and the commit.
  const gen = piiActive() ? { ...final.result.gen, value: redactValue(final.result.gen.value) } : final.result.gen;
  const verify = final.verify;
  // The judge stage (judging.ts, eval/ behind the JudgePort): every judge's evidence goes to the audit.
  // Forked attempts were judged in their forks; a person (a `human` judge) is asked once, after the merge.
  const judges = forked && 'act' in forked
    ? [...forked.judges, ...(await runJudges(ctx, task, gen.value, verify, runCommand, signal, (spec) => spec.kind === 'human'))]
    : await runJudges(ctx, task, gen.value, verify, runCommand, signal);
  const routed = settleRouting(ctx, task, act, now, judges);
  const usage = resume ? { inputTokens: routed.usage.inputTokens + resume.usage.inputTokens, outputTokens: routed.usage.outputTokens + resume.usage.outputTokens } : routed.usage;
  ctx.events.emitEvent({ type: 'task.model', agent, task: task.id, modelMs: routed.modelMs });

  const learned = await traced(ctx, 'agentos.learn', on, async (span) => {
    const llmAudit = ctx.config.rewardAudit === 'llm' ? await (ctx.auditor ?? new LlmAuditor(ctx.model)).audit({ task, report: gen.value, verify, signal }) : undefined;
    if (ctx.config.rewardAudit === 'llm' && !llmAudit) ctx.log.warn({ agent, task: task.id }, 'LLM audit unavailable; the rule audit stands alone');
    const l = learn({
      config: ctx.config,
      state,
      task,
      report: gen.value,
      verify,
      model: gen.model,
      usage,
      durationMs: Math.round(performance.now() - started),
      now,
      toolCalls: gen.toolCalls,
      llmAudit,
      routing: routed.fields,
      judges,
    });
    span.set({ 'agentos.learn.reward': l.summary.reward, 'agentos.learn.audit': l.summary.auditScore, 'agentos.learn.changes': l.changes.length, 'agentos.learn.world_events': l.summary.world.length });
    return l;
  });
  if (learned.summary.reward !== learned.summary.auditScore) {
    ctx.log.warn({ agent, task: task.id, reward: learned.summary.reward, audit: learned.summary.auditScore, reason: learned.summary.auditReason }, 'audit diverged from the self-score');
  }

  const commit = await traced(ctx, 'agentos.commit', on, async (span) => {
    const message = taskCommitMessage(agent, task, learned.summary, gen.value.response, gen.model, verify?.passed, context.stats, [...judgeLines(judges), ...routed.message, ...forkLines, ...(resume?.notes ?? [])], records);
    const ledger = await routingOf(ctx).book.changes(routed.taskLine);
    signal.throwIfAborted(); // a withdrawn claim (a lost lease, a stop) never commits
    const sha = await commitChangeSet(ctx, { message, changes: [...learned.changes, ...ledger], dequeue: [task.id] });
    span.set({ 'agentos.commit': sha, 'agentos.commit.files': learned.changes.length + ledger.length });
    return sha;
  });
  // The commit is durable: the step checkpoint has done its work; the recording ends with the commit.
  await dropCheckpoint(ctx, task.id);
  ex.recording?.end('task', commit);
  await ctx.act?.finished(task, commit);
  primeStateCache(ctx.stateCache, learned.changes, learned.next);
  if (ctx.index) {
    try {
      updateIndexFromChanges(ctx.index, ctx.config, learned.changes, learned.next, commit, now);
    } catch (err) {
      // The index is a cache: a failure costs retrieval quality until the next start rebuilds it.
      ctx.log.warn({ agent, err }, 'context index update failed; it is rebuilt at the next start');
    }
  }
  await afterCommit(ctx, routed);
  const segments = context.included.map((i) => i.source).filter((s) => s.startsWith('shared/'));
  const { total, used, budget } = context.stats;
  return {
    commit, summary: learned.summary, response: gen.value.response, modelMs: routed.modelMs, durationMs: performance.now() - started, report: gen.value, segments, judges,
    context: { total, used, budget }, tier: final.model.tier, model: final.model.settings.model, appropriate: routed.fields.model_appropriate,
  };
}

/**
 * Persists a paused act loop (the task stays queued and resumes where it stopped) and says who
 * waits. The step checkpoint holds the pause until the approval store does (a crash between redoes it).
 */
async function pauseTask(ctx: AgentContext, task: QueueTask, session: ActSession, system: string, e: ActPausedError, steps?: ReturnType<typeof stepRecorder>): Promise<TaskPaused> {
  await steps?.paused(e.messages, e.pending);
  const ids = await ctx.act!.pause(task, session, { system, messages: e.messages, pending: e.pending, usage: e.usage });
  await dropCheckpoint(ctx, task.id);
  ids.forEach((request, i) => {
    const p = e.pending[i];
    ctx.events.emitEvent({ type: 'approval.waiting', agent: ctx.config.name, task: task.id, request, kind: p?.kind ?? 'approval', ...(p?.toolName && { tool: p.toolName }) });
  });
  return { paused: ids };
}

