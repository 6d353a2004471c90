// `agentos replay`: re-run a recorded task through the whole pipeline in a scratch copy of its agent
// at the commit the task started from (a clone in a temporary data directory; the live agent is only
// read), every model call served from the task's recording (kernel/replay.ts), then compare the
// result with the live commit (replay-compare.ts). A request that differs from the recorded one is a
// divergence, reported with where it differs. With a policy (eval's policy format) the same history
// runs under changed settings, and the report says what that changes.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parse as parseYaml } from 'yaml';
import path from 'node:path';
import type { ModelSettings } from '../config/index.ts';
import { readRecording, RecordedExchanges, recordingFile, replayDir, ReplayFormatError, type Divergence, type Recording, type RuntimeEvent } from '../kernel/index.ts';
import { AGENT_NAME_RE, agentPaths, agentsYamlPath, Git, serializeTask, sharedPaths, type NewTask } from '../store/index.ts';
import type { Logger } from '../telemetry/index.ts';
import { EvalError } from './errors.ts';
import { applyPolicy, type Policy } from './policy.ts';
import { compareResults, resultOf, type Difference, type ResultView } from './replay-compare.ts';
import type { OpenRuntime } from './run.ts';
import { applyRouteTable } from './scratch.ts';

export interface ReplayEnv {
  /** The live data directory: recordings and agents are read from it, never written. */
  dataDir: string;
  log: Logger;
  open: OpenRuntime;
  /** Keep each scratch data directory (its path is in the report). */
  keep?: boolean;
  /** Bound on one replayed task, ms (default 10 min). */
  deadlineMs?: number;
}

export interface ReplayReport {
  agent: string;
  task: string;
  /** The task's recorded clock. */
  at: string;
  status: 'identical' | 'different' | 'not-replayable';
  /** Why not replayable, or what the replayed run ended in when it is not a commit. */
  note?: string;
  policy: string | null;
  exchanges: { recorded: number; served: number };
  divergences: Divergence[];
  differences: Difference[];
  recorded: ResultView | null;
  replayed: ResultView | null;
  scratch?: string;
}

export const DEFAULT_REPLAY_DEADLINE_MS = 10 * 60_000;
/** Tasks one `--since` replays at most unless --limit says otherwise. */
export const DEFAULT_REPLAY_LIMIT = 200;

/** The agent's recordings (task id, recorded clock), oldest first; `since` keeps those at or after it. */
export async function recordedTasks(dataDir: string, agent: string, since?: Date): Promise<{ task: string; at: string; ended: boolean }[]> {
  const dir = replayDir(dataDir, agent);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const out: { task: string; at: string; ended: boolean }[] = [];
  for (const n of names) {
    const text = await readFile(path.join(dir, n), 'utf8').catch(() => '');
    const first = text.slice(0, text.indexOf('\n') + 1 || undefined);
    try {
      const header = JSON.parse(first) as { kind?: string; now?: string; task?: { id?: string } };
      if (header.kind !== 'task' || !header.now || !header.task?.id) continue;
      if (since && Date.parse(header.now) < since.getTime()) continue;
      out.push({ task: header.task.id, at: header.now, ended: /"kind":"end"/.test(text) });
    } catch {
      continue; // a torn file: `agentos replay AGENT TASK` says what is wrong with it
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.task.localeCompare(b.task));
}

export async function loadRecording(dataDir: string, agent: string, task: string): Promise<Recording> {
  const file = recordingFile(dataDir, agent, task);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new EvalError('EVAL_NO_RUN', `no recording of task ${task} of agent ${agent} (${path.relative(dataDir, file)}); \`agentos replay ${agent} --since 1970-01-01\` lists what is recorded`);
  }
  return readRecording(text, file);
}

function notReplayable(rec: Recording | undefined, agent: string, task: string, note: string, policy?: Policy): ReplayReport {
  return {
    agent, task, at: rec?.header.now ?? '', status: 'not-replayable', note, policy: policy?.name ?? null,
    exchanges: { recorded: rec?.exchanges.length ?? 0, served: 0 }, divergences: [], differences: [], recorded: null, replayed: null,
  };
}

export async function replayTask(env: ReplayEnv, agent: string, task: string, policy?: Policy): Promise<ReplayReport> {
  let rec: Recording;
  try {
    rec = await loadRecording(env.dataDir, agent, task);
  } catch (e) {
    if (e instanceof ReplayFormatError) return notReplayable(undefined, agent, task, e.message, policy);
    throw e;
  }
  if (!rec.end) return notReplayable(rec, agent, task, 'the recording has no end: the task has not finished (or the recording was cut off)', policy);
  if (rec.truncated) return notReplayable(rec, agent, task, `the recording was truncated: ${rec.truncated}`, policy);
  if (!rec.header.head) return notReplayable(rec, agent, task, 'the recording does not say which commit the task started from', policy);
  const live = new Git(agentPaths(env.dataDir, agent).root);
  const recorded = await resultOf(live, rec.end.commit).catch(() => null);
  if (!recorded) return notReplayable(rec, agent, task, `the recorded commit ${rec.end.commit.slice(0, 12)} is not in ${agent}'s history`, policy);

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'agentos-replay-'));
  let served: RecordedExchanges | undefined;
  let system: Awaited<ReturnType<OpenRuntime>> | undefined;
  try {
    await prepareScratch(env.dataDir, scratch, agent, rec, policy);
    const m = rec.header.model;
    // The recorded model settings (no key: nothing is sent to a provider); a policy's model replaces the name.
    const model: ModelSettings = {
      provider: m.provider as ModelSettings['provider'], baseURL: m.baseURL, model: policy?.model ?? m.model, apiKey: undefined,
      maxTokens: m.maxTokens, timeoutMs: m.timeoutMs, maxAttempts: m.maxAttempts, structured: m.structured as ModelSettings['structured'],
    };
    system = await env.open({
      dataDir: scratch, model,
      extra: {
        replay: (a, t, deterministic) => (a === agent && t.id === task ? { scope: (served = new RecordedExchanges(rec, deterministic)), now: new Date(rec.header.now) } : undefined),
      },
    });
    const { runtime } = system;
    await applyRouteTable(scratch, [agent], policy);
    type Ending = Extract<RuntimeEvent, { type: 'task.completed' | 'task.dead_lettered' | 'task.paused' }>;
    const ended = new Promise<Ending>((resolve) => {
      runtime.events.on('event', (e) => {
        if ((e.type === 'task.completed' || e.type === 'task.dead_lettered' || e.type === 'task.paused') && e.task === task) resolve(e);
      });
    });
    runtime.wakeAll();
    let timer: NodeJS.Timeout | undefined;
    const deadline = env.deadlineMs ?? DEFAULT_REPLAY_DEADLINE_MS;
    const e = await Promise.race([ended, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), deadline)))]);
    clearTimeout(timer);
    await system.close();
    system = undefined;
    const base = { agent, task, at: rec.header.now, policy: policy?.name ?? null, exchanges: { recorded: rec.exchanges.length, served: served?.served ?? 0 }, divergences: [...(served?.divergences ?? [])], recorded, ...(env.keep && { scratch }) };
    if (served && served.unused > 0) base.divergences.push({ n: served.served + 1, what: `${served.unused} recorded exchange(s) were never asked for` });
    if (!e || e.type === 'task.paused') {
      const note = !e ? `the replayed task did not finish within ${Math.round(deadline / 1000)} s` : 'the replayed task paused for a person (replay does not answer approvals)';
      return { ...base, status: 'different', note, differences: [{ what: 'result', recorded: recorded.kind, replayed: e ? 'paused' : 'unfinished' }], replayed: null };
    }
    const replayed = await resultOf(new Git(agentPaths(scratch, agent).root), e.commit);
    const differences = compareResults(recorded, replayed);
    const identical = differences.length === 0 && base.divergences.length === 0;
    return { ...base, status: identical ? 'identical' : 'different', differences, replayed };
  } finally {
    await system?.close().catch((err: unknown) => env.log.warn({ err }, 'closing the replay runtime failed'));
    if (!env.keep) await rm(scratch, { recursive: true, force: true });
  }
}

/** The scratch data directory: the recorded agents.yaml (the policy applied), clones at the recorded commits, the one task queued. */
async function prepareScratch(liveDir: string, dir: string, agent: string, rec: Recording, policy?: Policy): Promise<void> {
  const yaml = rec.header.agents_yaml || (await readFile(agentsYamlPath(liveDir), 'utf8'));
  const root = agentPaths(dir, agent).root;
  await mkdir(path.dirname(root), { recursive: true });
  await cloneAt(agentPaths(liveDir, agent).root, root, rec.header.head);
  await applyPersona(root, agent, policy);
  // The other agents of agents.yaml as they were (their documents count in retrieval's ranking), with empty queues.
  const inYaml = new Set(((parseYaml(yaml) as { agents?: { name?: unknown }[] } | null)?.agents ?? []).map((a) => String(a?.name)));
  const others: string[] = [];
  for (const [other, head] of Object.entries(rec.header.agents ?? {})) {
    if (!AGENT_NAME_RE.test(other) || other === agent || !inYaml.has(other)) continue;
    const from = agentPaths(liveDir, other).root;
    if (!existsSync(path.join(from, '.git'))) continue;
    const to = agentPaths(dir, other).root;
    await cloneAt(from, to, head);
    const q = path.join(to, 'queue.md');
    if (existsSync(q)) await writeFile(q, `${(await readFile(q, 'utf8')).split(/^## /m)[0].trimEnd()}\n`);
    others.push(other);
  }
  await writeFile(agentsYamlPath(dir), applyPolicy(yaml, [agent, ...others], policy));
  const shared = sharedPaths(liveDir).root;
  if (rec.header.shared && existsSync(path.join(shared, '.git'))) await cloneAt(shared, sharedPaths(dir).root, rec.header.shared).catch(() => {});
  // The queue holds only this task. `after:` was met and `ttl:` had not run out when it ran live.
  const queue = path.join(root, 'queue.md');
  const text = existsSync(queue) ? await readFile(queue, 'utf8') : '';
  const { after: _after, ttl: _ttl, line: _line, ...t } = rec.header.task as NewTask & { line?: number };
  await writeFile(queue, `${text.split(/^## /m)[0].trimEnd()}\n${serializeTask(t as NewTask)}`);
}

/**
 * persona.md is the agent's own (agents.yaml seeds it at bootstrap only), so a policy's
 * `agents.NAME.persona` (or "*") is written over it in the scratch copy, committed there before
 * the task runs: a new prompt tried against real history.
 */
async function applyPersona(root: string, agent: string, policy?: Policy): Promise<void> {
  const persona = policy?.agents?.[agent]?.persona ?? policy?.agents?.['*']?.persona;
  if (persona === undefined) return;
  if (typeof persona !== 'string' || !persona.trim()) throw new EvalError('EVAL_INPUT', `${policy!.file}: agents.${agent}.persona: a non-empty string`);
  await writeFile(path.join(root, 'persona.md'), `${persona.trim()}\n`);
  const git = new Git(root);
  await git.raw(['add', 'persona.md']);
  await git.raw(['-c', 'user.name=agentos-replay', '-c', 'user.email=replay@agentos.invalid', 'commit', '--quiet', '--allow-empty', '-m', `replay: persona from policy ${policy!.name}`]);
}

async function cloneAt(from: string, to: string, commit: string): Promise<void> {
  await new Git(path.dirname(to)).raw(['clone', '--quiet', '--no-local', '--no-checkout', from, to]);
  await new Git(to).raw(['checkout', '--quiet', '-B', 'agentos-replay', commit]);
}
