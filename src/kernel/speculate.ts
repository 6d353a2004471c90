// Speculative execution: a task's attempts run in forked workspaces (fork.ts), each with tools,
// `verify:` and judge commands confined to its fork (ActPort.openFork). Each attempt is verified
// and judged; the best passing fork is merged into the real workspace and the rest are dropped,
// so a failed attempt never touches the workspace. When none passes, the cascade retries once
// on a stronger tier in a fork of the best failed one (its files are what the retry fixes).
// A gated tool call pauses the task with its fork kept (`<task>.paused`), where it resumes.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SPECULATION } from '../config/index.ts';
import type { AgentState, JudgeResult, TaskReport, VerifyResult } from '../learn/index.ts';
import { ActPausedError, type ChainResult } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';
import { piiActive, redactValue } from '../telemetry/index.ts';
import type { ActPort, ForkSession, ResumePoint } from './act-port.ts';
import { cascadeCall, cascadeTier, firstCall, routeTask, type ActAttempt, type ActRequest, type Route, type RoutedAct } from './act-routed.ts';
import type { AgentContext } from './agent-context.ts';
import { cleanForks, createFork, dropFork, ForkError, forksDir, mergeFork, unforkable, type Fork, type TreeBounds } from './fork.ts';
import { runJudges } from './judging.ts';
import { askedAttempts, attemptPassed, bestAttempt, bestFailed, failureReason, judgeScore, planSpeculation, speculationLines, type AttemptOutcome } from './speculate-plan.ts';
import { observedTools } from './tool-events.ts';
import { traced } from './tracing.ts';

/** What the act stage hands on when the task ran in forks. */
export interface ForkedAct {
  act: RoutedAct;
  /** The chosen attempt's judges (all but `human` ones, which the pipeline asks once, after the merge). */
  judges: JudgeResult[];
  /** Commit lines: the plan, each fork merged or dropped, what the merge changed. */
  lines: string[];
  /** The chosen attempt's tool calls, for the commit. */
  records: string[];
}

/** An attempt waits for a person: the pipeline pauses the task with this session's loop. */
export interface ForkPaused {
  pausedBy: ActPausedError;
  session: ForkSession;
  system: string;
}

/** Why the task does not run in forks although its plan says so (named in its commit), or undefined when it does. */
export type NotForked = { notForked: string[] };

const notHuman = (spec: { kind: string }) => spec.kind !== 'human';

export const pausedForkName = (task: string) => `${task.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128)}.paused`;

/** At start: forks a crash left mid-speculation go; the fork of a task paused for a person stays. */
export async function cleanStaleForks(ctx: AgentContext): Promise<void> {
  const paused = ctx.act ? await ctx.act.pausedTasks() : new Set<string>();
  const removed = await cleanForks(ctx.dataDir, ctx.config.name, new Set([...paused].map(pausedForkName)));
  if (removed) ctx.log.warn({ agent: ctx.config.name, forks: removed }, 'removed forked workspaces a stopped runtime left');
}

/** The invalid `speculate:` of a task, as a dead-letter reason; undefined when it is fine. */
export function speculateProblem(task: QueueTask): string | undefined {
  return askedAttempts(task).problem;
}

/**
 * Runs the act stage in forks when the task's plan asks for it and the tool runtime can confine
 * tools to a fork; returns undefined when the task runs the ordinary way (notes say why, if asked).
 */
export async function forkedAct(
  ctx: AgentContext, task: QueueTask, state: AgentState, context: { system: string; prompt: string }, signal: AbortSignal, resume?: ResumePoint,
): Promise<ForkedAct | ForkPaused | NotForked | undefined> {
  const kept = resume ? path.join(forksDir(ctx.dataDir, ctx.config.name), pausedForkName(task.id)) : undefined;
  const resumeIn = kept && (await fsp.stat(kept).then((s) => s.isDirectory(), () => false)) ? kept : undefined;
  const plan = resumeIn ? { attempts: 1, forked: true, notes: ['speculation: resumed in the fork it paused in'] } : planSpeculation(task, ctx.config, askedAttempts(task).n);
  if (!plan.forked || (resume && !resumeIn)) return plan.attempts > 1 ? { notForked: [...plan.notes, `speculation: ${plan.attempts} attempts asked; a resumed task continues in place`] } : undefined;
  const port = ctx.act;
  if (!port?.openFork) return plan.attempts > 1 ? { notForked: [...plan.notes, `speculation: ${plan.attempts} attempts asked, but this runtime's tools cannot be confined to a fork (no tool runtime); ran once in place`] } : undefined;
  const policy = ctx.config.speculation ?? DEFAULT_SPECULATION;
  const bounds: TreeBounds = { maxEntries: policy.maxForkFiles, maxBytes: policy.maxForkBytes };
  const tooBig = resumeIn ? undefined : await unforkable(ctx.paths.workspace, bounds);
  if (tooBig) return { notForked: [...plan.notes, `speculation: not forked: ${tooBig}; ran once in place`] };
  const route = await routeTask(ctx, task, state, context, signal, { tools: {}, messages: resume?.messages });
  const run = new Speculation(ctx, task, route, port.openFork.bind(port), bounds, signal, resume ? resume.system : context.system);
  try {
    return await run.go(plan.attempts, plan.notes, resumeIn);
  } finally {
    await run.dropAll();
  }
}

interface Tried {
  fork: Fork;
  attempt: ActAttempt;
  judges: JudgeResult[];
  outcome: AttemptOutcome;
  records: string[];
  agreement: number | null;
}

class Speculation {
  readonly ctx: AgentContext;
  readonly task: QueueTask;
  readonly route: Route;
  readonly open: NonNullable<ActPort['openFork']>;
  readonly bounds: TreeBounds;
  readonly signal: AbortSignal;
  readonly system: string;
  readonly forks: Fork[] = [];
  /** A fork kept for a paused attempt (not dropped). */
  kept: Fork | undefined;

  constructor(ctx: AgentContext, task: QueueTask, route: Route, open: Speculation['open'], bounds: TreeBounds, signal: AbortSignal, system: string) {
    this.ctx = ctx;
    this.task = task;
    this.route = route;
    this.open = open;
    this.bounds = bounds;
    this.signal = signal;
    this.system = system;
  }

  async go(n: number, notes: string[], resumeIn: string | undefined): Promise<ForkedAct | ForkPaused> {
    const workspace = this.ctx.paths.workspace;
    const tried: Tried[] = [];
    for (let i = 1; i <= n; i++) {
      let fork: Fork;
      if (i === 1 && resumeIn) {
        fork = { id: path.basename(resumeIn), root: resumeIn };
        this.forks.push(fork);
      } else fork = await this.fork(i, workspace);
      const t = await this.attempt(fork, (req) => firstCall(this.route, req));
      if ('pausedBy' in t) return t;
      tried.push(t);
    }
    let best = bestAttempt(tried.map((t) => t.outcome));
    let escalated = false;
    const extra: string[] = [];
    if (best < 0) {
      const from = tried[bestFailed(tried.map((t) => t.outcome))];
      const up = from.attempt.verify?.passed === false ? cascadeTier(this.route, from.attempt.result) : undefined;
      if (up) {
        this.ctx.log.info({ agent: this.ctx.config.name, task: this.task.id }, `cascade: verify failed on ${from.attempt.model.tier}; retrying once on ${up} in a fork of ${from.fork.id}`);
        let fork: Fork | undefined;
        try {
          fork = await this.fork(tried.length + 1, from.fork.root);
        } catch (e) {
          if (!(e instanceof ForkError)) throw e;
          extra.push(`cascade: skipped, the failed fork cannot be forked again: ${e.message}`);
        }
        if (fork) {
          const t = await this.attempt(fork, async (req) => ({ first: await cascadeCall(this.route, up, from.attempt.result, req, from.attempt.verify!), agreement: null }));
          if ('pausedBy' in t) return t;
          t.outcome.note = `cascade on ${up}, from ${from.fork.id}`;
          tried.push(t);
          escalated = true;
          if (t.outcome.passed) best = tried.length - 1;
        }
      }
    }
    const outcomes = tried.map((t) => t.outcome);
    let change: { written: string[]; removed: string[] } | undefined;
    if (best >= 0) {
      try {
        change = await mergeFork(tried[best].fork, workspace, this.bounds);
      } catch (e) {
        if (!(e instanceof ForkError)) throw e;
        extra.push(`speculation: ${tried[best].fork.id} passed but could not be merged: ${e.message}`);
        outcomes[best] = { ...outcomes[best], passed: false, why: 'over the fork bounds' };
        best = -1;
      }
    }
    const chosen = best >= 0 ? best : escalated ? tried.length - 1 : bestFailed(outcomes);
    const lines = [...notes, ...speculationLines(outcomes, best, change && { written: change.written.length, removed: change.removed.length }), ...extra];
    const agent = this.ctx.config.name;
    const merged = best >= 0 ? tried[best].fork.id : null;
    this.ctx.events.emitEvent({ type: 'speculation.settled', agent, task: this.task.id, attempts: tried.length, merged });
    this.ctx.log.info({ agent, task: this.task.id, attempts: tried.length, merged }, merged ? 'speculation: merged the best passing fork' : 'speculation: no attempt passed; every fork dropped');
    // The chosen attempt goes last: the pipeline learns from the final attempt.
    const order = [...tried.filter((_, i) => i !== chosen), tried[chosen]];
    return {
      act: { decision: this.route.decision, attempts: order.map((t) => t.attempt), agreement: tried[chosen].agreement, escalated },
      judges: tried[chosen].judges, lines, records: tried[chosen].records,
    };
  }

  async fork(n: number, from: string): Promise<Fork> {
    const f = await createFork(this.ctx.dataDir, this.ctx.config.name, this.task.id, n, from, this.bounds);
    this.forks.push(f);
    return f;
  }

  async attempt(fork: Fork, call: (req: ActRequest) => Promise<{ first: ChainResult<TaskReport>; agreement: number | null }>): Promise<Tried | ForkPaused> {
    const { ctx, task } = this;
    const agent = ctx.config.name;
    const s = await this.open(task, fork.root, (c) => ctx.events.emitEvent({ type: 'tool.called', agent, task: task.id, tool: c.tool, ok: c.ok, ms: c.ms, ...(c.error && { error: c.error }) }));
    const system = this.route.req.messages ? this.system : `${this.system}\n\n${s.instructions}`;
    try {
      const req: ActRequest = { ...this.route.req, system, tools: observedTools(ctx, task.id, s.tools, false), limits: s.limits };
      let called: { first: ChainResult<TaskReport>; agreement: number | null };
      try {
        called = await call(req);
      } catch (e) {
        if (!(e instanceof ActPausedError)) throw e;
        await this.keep(fork);
        return { pausedBy: e, session: s, system };
      }
      const { first, agreement } = called;
      const on = () => ({ 'agentos.agent': agent, 'agentos.task.id': task.id, 'agentos.fork': fork.id });
      const verify = task.verify ? await traced(ctx, 'agentos.verify', on, async (span) => {
        const v = await s.verify(task.verify!, ctx.verifyTimeoutMs);
        span.set({ 'agentos.verify.exit_code': v.exitCode ?? -1, 'agentos.verify.passed': v.passed });
        return v;
      }) : undefined;
      const report = piiActive() ? redactValue(first.gen.value) : first.gen.value;
      const judges = await runJudges(ctx, task, report, verify, (c, ms) => s.verify(c, ms), this.signal, notHuman);
      const outcome = this.outcome(fork, first, verify, judges);
      ctx.events.emitEvent({ type: 'speculation.attempt', agent, task: task.id, fork: fork.id, tier: first.model.tier, passed: outcome.passed });
      return { fork, attempt: { model: first.model, result: first, verify }, judges, outcome, records: s.recordLines(), agreement };
    } finally {
      s.close();
    }
  }

  outcome(fork: Fork, r: ChainResult<TaskReport>, verify: VerifyResult | undefined, judges: JudgeResult[]): AttemptOutcome {
    const passed = attemptPassed(verify, judges);
    return { fork: fork.id, passed, score: judgeScore(judges), reward: r.gen.value.reward, why: failureReason(verify, judges) };
  }

  /** The fork of an attempt that waits for a person stays, renamed so the resumed task finds it. */
  async keep(fork: Fork): Promise<void> {
    const dest = path.join(path.dirname(fork.root), pausedForkName(this.task.id));
    if (fork.root !== dest) {
      await fsp.rm(dest, { recursive: true, force: true });
      await fsp.rename(fork.root, dest);
    }
    this.kept = { id: path.basename(dest), root: dest };
  }

  async dropAll(): Promise<void> {
    for (const f of this.forks) if (f.root !== this.kept?.root) await dropFork(f).catch(() => {});
    // A resumed task's kept fork is dropped once the task has run in it (unless it paused again).
  }
}

