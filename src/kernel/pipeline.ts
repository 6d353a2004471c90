// One task through the stages of DESIGN.md: assemble context → act → verify →
// learn → commit. Every stage but commit only computes; commit writes once.
import { writeFile } from 'node:fs/promises';
import { assembleContext } from '../context/index.ts';
import { learn, loadAgentState, primeStateCache, TaskReport, type LearnSummary } from '../learn/index.ts';
import { ActPausedError, generateStructured } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';
import type { ResumePoint } from './act-port.ts';
import type { AgentContext } from './agent-context.ts';
import { commitChangeSet } from './commit.ts';
import { runVerify } from './verify.ts';

export interface TaskResult {
  commit: string;
  summary: LearnSummary;
  response: string;
  modelMs: number;
  durationMs: number;
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

  const context = assembleContext(ctx.config, state, task, now);
  // context.md is a record for people, git-ignored; losing it in a crash costs nothing.
  await writeFile(ctx.paths.context, context.record);

  const act = await ctx.act?.open(task, resume);
  const system = resume?.system ?? (act ? `${context.system}\n\n${act.instructions}` : context.system);
  let gen;
  try {
    gen = await generateStructured(ctx.model, {
      system,
      prompt: context.prompt,
      messages: resume?.messages,
      schema: TaskReport,
      tools: act?.tools ?? ctx.tools(),
      maxSteps: ctx.config.maxSteps,
      abortSignal: signal,
      limits: act?.limits,
    });
  } catch (e) {
    if (e instanceof ActPausedError && ctx.act && act) return { paused: await ctx.act.pause(task, act, { system, messages: e.messages, pending: e.pending, usage: e.usage }) };
    throw e;
  } finally {
    act?.close();
  }
  if (resume) gen.usage = { inputTokens: gen.usage.inputTokens + resume.usage.inputTokens, outputTokens: gen.usage.outputTokens + resume.usage.outputTokens };
  ctx.events.emitEvent({ type: 'task.model', agent: ctx.config.name, task: task.id, modelMs: gen.modelMs });

  const verify = !task.verify ? undefined : ctx.act ? await ctx.act.verify(task.verify, ctx.verifyTimeoutMs) : await runVerify(task.verify, ctx.paths.workspace, ctx.verifyTimeoutMs);
  const durationMs = Math.round(performance.now() - started);
  const learned = learn({
    config: ctx.config,
    state,
    task,
    report: gen.value,
    verify,
    model: gen.model,
    usage: gen.usage,
    durationMs,
    now,
  });

  const message = commitMessage(ctx.config.name, task, learned.summary, gen.value.response, gen.model, verify?.passed, act?.recordLines() ?? []);
  const commit = await commitChangeSet(ctx, { message, changes: learned.changes, dequeue: [task.id] });
  await ctx.act?.finished(task, commit);
  primeStateCache(ctx.stateCache, learned.changes, learned.next);
  return { commit, summary: learned.summary, response: gen.value.response, modelMs: gen.modelMs, durationMs: performance.now() - started };
}

function commitMessage(agent: string, task: QueueTask, s: LearnSummary, response: string, model: string, verified: boolean | undefined, tools: string[]): string {
  const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
  const facts = [
    `outcome: ${s.outcome}; reward ${sign(s.reward)}, audit ${sign(s.auditScore)}; model ${model}`,
    verified === undefined ? undefined : `verify: ${verified ? 'passed' : 'failed'}`,
    s.skillEarned && `skill earned: ${s.skillEarned}`,
    s.skillStrengthened && `skill strengthened: ${s.skillStrengthened}`,
    s.skillsPruned.length ? `skills pruned: ${s.skillsPruned.join(', ')}` : undefined,
    s.goalAdded && `goal added: ${s.goalAdded}`,
    s.goalsDropped.length ? `goals dropped: ${s.goalsDropped.join(', ')}` : undefined,
  ].filter(Boolean);
  const body = response.length > MAX_RESPONSE_IN_COMMIT ? `${response.slice(0, MAX_RESPONSE_IN_COMMIT)}\n[… truncated]` : response;
  const calls = tools.length ? `\n\ntool calls (${tools.length}):\n${tools.join('\n')}` : '';
  return redactText(`${agent}(task): ${task.id}\n\n${facts.join('\n')}\n\n${body.trim()}${calls}\n`);
}
