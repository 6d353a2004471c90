// One task run's exchange scope (models/exchange.ts): live, a recording that begins with what the
// task saw (or continues after a crash or a pause); in a replayed run, the recording served back
// with the recorded clock. A task marked `deterministic: true` (or any task of an agent so marked)
// asks for temperature 0 and a seed derived from its id.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { seedOf, type ExchangeScope } from '../models/index.ts';
import { agentPaths, agentsYamlPath, Git, sharedPaths, type QueueTask } from '../store/index.ts';
import type { ResumePoint } from './act-port.ts';
import type { AgentContext } from './agent-context.ts';
import { recordingFile, taskOfLine, type ReplayLog, type TaskRecording } from './replay.ts';

/**
 * A replayed run's source: for a task, the scope that serves its recording and the recorded clock.
 * `deterministic` is what this runtime (with its policy) would ask of the provider.
 */
export type ReplaySource = (agent: string, task: QueueTask, deterministic: ExchangeScope['deterministic']) => { scope: ExchangeScope; now: Date } | undefined;

export interface TaskExchanges {
  scope?: ExchangeScope;
  /** The task's clock. */
  now: Date;
  /** Live only: the recording (its count goes into step checkpoints, its end after the commit). */
  recording?: TaskRecording;
}

export function deterministicOf(ctx: AgentContext, task: QueueTask): ExchangeScope['deterministic'] {
  return task.extra?.deterministic === true || ctx.config.deterministic ? { seed: seedOf(task.id) } : undefined;
}

export async function taskExchanges(ctx: AgentContext, task: QueueTask, resume: ResumePoint | undefined): Promise<TaskExchanges> {
  const now = new Date();
  const deterministic = deterministicOf(ctx, task);
  const served = ctx.replay?.source?.(ctx.config.name, task, deterministic);
  if (served) return { scope: served.scope, now: served.now };
  const log = ctx.replay?.log;
  if (!log) return { now, ...(deterministic && { scope: { deterministic } }) };
  let recording: TaskRecording;
  if (resume?.checkpoint) recording = log.resume(ctx.config.name, task.id, resume.checkpoint.exchanges);
  else if (resume) recording = log.continue(ctx.config.name, task.id);
  else {
    const { apiKey: _key, ...model } = ctx.model;
    recording = log.begin({
      agent: ctx.config.name, task: taskOfLine(task), head: (await ctx.git.headSha().catch(() => '')) ?? '',
      shared: (await new Git(sharedPaths(ctx.dataDir).root).headSha().catch(() => '')) ?? '', agents: await otherHeads(ctx), now: now.toISOString(),
      agents_yaml: await readFile(agentsYamlPath(ctx.dataDir), 'utf8').catch(() => ''), model, deterministic: deterministic ?? null,
    });
  }
  return { now, recording, scope: { record: (x) => recording.record(x), ...(deterministic && { deterministic }) } };
}

/** A dead-lettered task's recording ends too (if it has one). */
export function endRecording(ctx: AgentContext, task: string, outcome: 'task' | 'dead-letter', commit: string): void {
  const log: ReplayLog | undefined = ctx.replay?.log;
  if (!log) return;
  try {
    recordingFile(ctx.dataDir, ctx.config.name, task);
    log.continue(ctx.config.name, task).end(outcome, commit);
  } catch {
    // an id that cannot name a file was never recorded
  }
}

/** Agents whose HEADs a recording keeps (retrieval's statistics span every agent's documents). */
export const MAX_RECORDED_AGENTS = 100;

/** The other agents' HEADs (at most MAX_RECORDED_AGENTS; an unreadable one is left out). */
async function otherHeads(ctx: AgentContext): Promise<Record<string, string>> {
  const dir = path.dirname(agentPaths(ctx.dataDir, ctx.config.name).root);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n !== ctx.config.name).sort().slice(0, MAX_RECORDED_AGENTS);
  const out: Record<string, string> = {};
  for (const n of names) {
    const head = await new Git(path.join(dir, n)).headSha().catch(() => '');
    if (head) out[n] = head;
  }
  return out;
}
