// `agentos eval run`: a suite through the real runtime in scratch copies of the agents, once per
// repeat, the results as RunResults. Every task goes through the whole pipeline (context, route,
// act, verify, judges, audit, learn, commit); results are read back from what the scratch agents
// committed (rewards.md entry, commit lines), not from memory.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ModelSettings } from '../config/index.ts';
import { newTask, type Runtime, type RuntimeEvent, type RuntimeOptions } from '../kernel/index.ts';
import { parseRewards } from '../learn/index.ts';
import { agentPaths, Git } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import type { Policy } from './policy.ts';
import type { RunResults, TaskOutcome } from './results.ts';
import { applyRouteTable, makeScratch, placeFiles } from './scratch.ts';
import type { Suite, SuiteTaskSpec } from './suite.ts';

/**
 * Opens a runtime on a scratch data directory with every port wired (the composition root's
 * openSystem, handed in by the CLI: eval/ cannot import the root that imports it).
 */
export type OpenRuntime = (o: { dataDir: string; model: ModelSettings; extra: Partial<RuntimeOptions> }) => Promise<{ runtime: Runtime; close(): Promise<void> }>;

export interface EvalEnv {
  /** The live data directory: agents.yaml and the agents to copy; results go to its shared/. */
  dataDir: string;
  model: ModelSettings;
  log: Logger;
  open: OpenRuntime;
  now?: () => Date;
  /** Keep the scratch directories (their paths are logged). */
  keep?: boolean;
  /** Bound on one repeat's whole run, ms (default 1 h); tasks left then are `not-run`. */
  deadlineMs?: number;
  /** Replaces the runtime's bound on one task's judge stage. */
  judgeTimeoutMs?: number;
  /** Options passed to the runtime as they are (tests: routing timing). */
  runtime?: Partial<RuntimeOptions>;
  /** Looks at a repeat's scratch data directory after its tasks, before it is removed (eval learning's measures). */
  inspect?: (dataDir: string, agents: string[]) => Promise<void>;
}

export interface RunSpec {
  suite: Suite;
  suiteText: string;
  policy?: Policy;
  policyText?: string;
  /** Run every task on each of these agents; absent, each task on its own agent. */
  agents?: string[];
  repeat: number;
  /** Fresh agents (bootstrapped from agents.yaml, no history) instead of clones. */
  fresh?: boolean;
  /** agents.yaml text to use instead of the live one (eval learning's no-memory twin). */
  agentsYaml?: string;
}

export const DEFAULT_DEADLINE_MS = 60 * 60_000;
export const MAX_REPEAT = 20;

/** The (task, agent) pairs of a run, in suite order. */
export function plan(suite: Suite, firstAgent: string, agents?: string[]): { spec: SuiteTaskSpec; agent: string }[] {
  if (agents?.length) return suite.tasks.flatMap((spec) => agents.map((agent) => ({ spec, agent })));
  return suite.tasks.map((spec) => ({ spec, agent: spec.agent ?? suite.agent ?? firstAgent }));
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function runId(now: Date, suite: string, policy?: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${suite}${policy ? `-${policy}` : ''}-${randomBytes(2).toString('hex')}`.slice(0, 120);
}

export async function runSuite(env: EvalEnv, spec: RunSpec): Promise<RunResults> {
  const now = env.now ?? (() => new Date());
  const started = now();
  const liveYaml = spec.agentsYaml ?? (await readFile(`${env.dataDir}/agents.yaml`, 'utf8'));
  const firstAgent = /^\s*-\s*name:\s*["']?([a-z0-9][a-z0-9_-]*)/m.exec(liveYaml)?.[1] ?? '';
  const pairs = plan(spec.suite, firstAgent, spec.agents);
  const agents = [...new Set(pairs.map((p) => p.agent))];
  const model = spec.policy?.model ? { ...env.model, model: spec.policy.model } : env.model;
  const tasks: TaskOutcome[] = [];
  for (let repeat = 1; repeat <= spec.repeat; repeat++) {
    tasks.push(...(await oneRepeat(env, spec, model, pairs, agents, repeat, liveYaml)));
  }
  return {
    version: 1,
    run: runId(started, spec.suite.name, spec.policy?.name),
    suite: { name: spec.suite.name, file: spec.suite.file, sha256: sha(spec.suiteText), tasks: spec.suite.tasks.length },
    policy: spec.policy ? { name: spec.policy.name, file: spec.policy.file, sha256: sha(spec.policyText ?? ''), ...(spec.policy.description && { description: spec.policy.description }) } : null,
    agents, repeat: spec.repeat,
    model: { provider: model.provider, model: model.model },
    started: started.toISOString(), finished: now().toISOString(), tasks,
  };
}

async function oneRepeat(env: EvalEnv, spec: RunSpec, model: ModelSettings, pairs: { spec: SuiteTaskSpec; agent: string }[], agents: string[], repeat: number, liveYaml: string): Promise<TaskOutcome[]> {
  const scratch = await makeScratch(env.dataDir, agents, spec.policy, { fresh: spec.fresh, agentsYaml: liveYaml });
  // Task ids unique to this run, so a clone's history never counts a suite task as done already.
  const tag = `e${randomBytes(3).toString('hex')}`;
  const idOf = (p: { spec: SuiteTaskSpec; agent: string }) => `${tag}-${p.spec.id}${spec.agents?.length ? `-${p.agent}` : ''}`;
  const events = new Map<string, RuntimeEvent>();
  let system: Awaited<ReturnType<OpenRuntime>> | undefined;
  try {
    // No watchdog in a scratch run: it measures every task, and a pause would leave tasks not run.
    system = await env.open({ dataDir: scratch.dir, model, extra: { supervision: false, ...(env.judgeTimeoutMs !== undefined && { judgeTimeoutMs: env.judgeTimeoutMs }), ...env.runtime } });
    const { runtime } = system;
    runtime.events.on('event', (e) => {
      if ((e.type === 'task.completed' || e.type === 'task.dead_lettered') && e.task.startsWith(tag)) events.set(`${e.agent}/${e.task}`, e);
    });
    await applyRouteTable(scratch.dir, agents, spec.policy);
    const base = Date.UTC(2026, 0, 1);
    for (const [i, p] of pairs.entries()) {
      if (p.spec.files) await placeFiles(scratch.dir, p.agent, p.spec.files);
      const t = newTask({ task: p.spec.task, id: idOf(p), priority: p.spec.priority, ...(p.spec.verify && { verify: p.spec.verify }), ...(p.spec.tags && { tags: p.spec.tags }), ...(p.spec.judges.length && { judges: p.spec.judges }) }, new Date(base + i * 1000));
      await runtime.worker(p.agent).ctx.queue.append(t);
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = env.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const late = await Promise.race([
      runtime.drain().then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadline))),
    ]);
    clearTimeout(timer);
    if (late) env.log.warn({ run: spec.suite.name, repeat }, `the run passed its deadline of ${deadline / 1000} s; tasks not finished count as not-run`);
    await system.close();
    system = undefined;
    const out: TaskOutcome[] = [];
    for (const p of pairs) out.push(await outcomeOf(scratch.dir, p, idOf(p), repeat, events.get(`${p.agent}/${idOf(p)}`)));
    await env.inspect?.(scratch.dir, agents);
    return out;
  } finally {
    await system?.close().catch((err: unknown) => env.log.warn({ err }, 'closing the scratch runtime failed'));
    if (env.keep) env.log.info({ dir: scratch.dir }, 'scratch copy kept');
    else await scratch.remove();
  }
}

const ROUTE = /^route: (\S+) → ([^\s,]+)/m;

async function outcomeOf(dataDir: string, p: { spec: SuiteTaskSpec; agent: string }, id: string, repeat: number, e: RuntimeEvent | undefined): Promise<TaskOutcome> {
  const blank: TaskOutcome = {
    id: p.spec.id, agent: p.agent, repeat, expect: p.spec.expect, status: 'not-run', success: false, as_expected: p.spec.expect === 'failure',
    reward: null, audit: null, audit_reason: null, judges: [], tokens: { input: 0, output: 0 }, cost: null, duration_ms: null,
    model: null, tier: null, demand: null, commit: null,
  };
  if (!e) return { ...blank, error: 'not finished (paused for a person, waiting on after:, or past the deadline)' };
  if (e.type === 'task.dead_lettered') return { ...blank, status: 'dead-letter', commit: e.commit, error: e.reason.slice(0, 500) };
  if (e.type !== 'task.completed') return blank;
  const git = new Git(agentPaths(dataDir, p.agent).root);
  const entry = parseRewards(await git.raw(['show', `${e.commit}:rewards.md`])).find((r) => r.task === id);
  const message = await git.raw(['log', '-1', '--format=%B', e.commit]);
  const route = ROUTE.exec(message);
  const success = e.reward >= 1 && e.auditScore >= 1;
  return {
    ...blank, status: 'completed', success, as_expected: success === (p.spec.expect === 'success'),
    reward: e.reward, audit: e.auditScore, audit_reason: entry?.audit_reason ?? null,
    judges: (entry?.judges ?? []).map((j) => ({ ...j })),
    tokens: entry?.tokens ?? { input: 0, output: 0 }, cost: entry?.cost ?? null, duration_ms: Math.round(e.durationMs),
    model: entry?.model_used ?? null, tier: route?.[2] ?? null, demand: route?.[1] ?? entry?.reasoning_demand ?? null, commit: e.commit,
  };
}
