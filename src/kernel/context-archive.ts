// Each task's context.md, kept for people (the dashboard's task view): context.md itself is
// rebuilt for every task, so a copy goes to DATA/.agentos/contexts/<agent>/<task-id>.md.
// Derived state (git-ignored, like all of .agentos/): the newest `keep` per agent stay.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isValidTaskId, runtimeDir } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';

/** Contexts kept per agent by default (AGENTOS_CONTEXT_KEEP). */
export const CONTEXT_KEEP_DEFAULT = 200;
/** Prune once this many writes have passed, so a task does not list the directory each time. */
const PRUNE_EVERY = 10;

const writes = new WeakMap<object, number>();

export function contextArchiveDir(dataDir: string, agent: string): string {
  return path.join(runtimeDir(dataDir), 'contexts', agent);
}

export async function archiveContext(ctx: Pick<AgentContext, 'dataDir' | 'config' | 'contextArchive' | 'log'>, task: string, record: string): Promise<void> {
  const keep = ctx.contextArchive?.keep ?? 0;
  if (keep <= 0 || !isValidTaskId(task)) return;
  const dir = contextArchiveDir(ctx.dataDir, ctx.config.name);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${task}.md`), record);
    const n = (writes.get(ctx.config) ?? 0) + 1;
    writes.set(ctx.config, n);
    if (n % PRUNE_EVERY === 1) await prune(dir, keep);
  } catch (err) {
    // A copy for people: losing it costs the dashboard one view, never the task.
    ctx.log.warn({ agent: ctx.config.name, err }, 'context copy not kept');
  }
}

async function prune(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md'));
  if (names.length <= keep) return;
  const aged = await Promise.all(names.map(async (n) => ({ n, t: (await stat(path.join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
  aged.sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, aged.length - keep)) await rm(path.join(dir, n), { force: true });
}

/** The kept context.md of a task, or undefined when it was not kept (or pruned). */
export async function readArchivedContext(dataDir: string, agent: string, task: string): Promise<string | undefined> {
  if (!isValidTaskId(task)) return undefined;
  try {
    return await readFile(path.join(contextArchiveDir(dataDir, agent), `${task}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
