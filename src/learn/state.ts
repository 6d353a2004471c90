// loadAgentState: the one I/O step of learn/. Reads the learned files of one agent.
// A file that does not parse is renamed here, at once, to `<file>.quarantine-<timestamp>`
// (so the next write of a fresh file cannot lose it, and git shows it), recorded as a
// problem with file and line, and its record type continues empty. Cost is bounded: every
// file read is bounded by a budget.
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LearnParseError } from './errors.ts';
import { GOALS_FILE, parseGoals } from './goals.ts';
import { parseReflections, REFLECTIONS_FILE } from './reflections.ts';
import { parseRewards, REWARDS_FILE } from './rewards.ts';
import { parseSkill, skillPath, SKILLS_DIR } from './skills.ts';
import type { FileChange } from '../store/index.ts';
import type { AgentState, Skill, StateProblem } from './types.ts';
import { parseWorldRecord, WORLD_DIR, WORLD_SUBDIRS, worldPath } from './world/record.ts';
import type { WorldRecord } from './world/types.ts';

export const PERSONA_FILE = 'persona.md';
export const CONSTRAINTS_FILE = 'constraints.md';

export interface LoadOptions {
  /** Used for quarantine names; defaults to the current time. */
  now?: Date;
  /** false: only report broken files (a read-only look, e.g. `agentos status`). Default true. */
  quarantine?: boolean;
  /** Parsed records by file, reused while the file's text is unchanged. */
  cache?: StateCache;
}

export type StateCache = Map<string, { text: string; value: unknown }>;

export async function loadAgentState(agentDir: string, opts: LoadOptions = {}): Promise<AgentState> {
  const now = opts.now ?? new Date();
  const problems: StateProblem[] = [];
  const load = async <T>(file: string, parse: (text: string, file: string) => T, empty: T): Promise<T> => {
    const text = await readOptional(join(agentDir, file));
    if (text === undefined) return empty;
    const hit = opts.cache?.get(file);
    if (hit && hit.text === text) return hit.value as T;
    try {
      const value = parse(text, file);
      opts.cache?.set(file, { text, value });
      return value;
    } catch (err) {
      problems.push(opts.quarantine === false ? describe(file, err) : await quarantine(agentDir, file, err, now));
      return empty;
    }
  };

  const [persona, constraints, goals, rewards, reflections] = await Promise.all([
    readOptional(join(agentDir, PERSONA_FILE)),
    readOptional(join(agentDir, CONSTRAINTS_FILE)),
    load(GOALS_FILE, parseGoals, []),
    load(REWARDS_FILE, parseRewards, []),
    load(REFLECTIONS_FILE, parseReflections, []),
  ]);
  const skills: Skill[] = [];
  for (const folder of await skillFolders(agentDir)) {
    const skill = await load<Skill | null>(`${SKILLS_DIR}/${folder}/SKILL.md`, parseSkill, null);
    if (skill) skills.push(skill);
  }
  const world: WorldRecord[] = [];
  for (const file of await worldFiles(agentDir)) {
    const record = await load<WorldRecord | null>(file, parseWorldRecord, null);
    if (!record) continue;
    // A record filed in the wrong folder (by hand) moves where it belongs on its next update.
    world.push(worldPath(record) === file ? record : { ...record, file });
  }
  return { persona: persona ?? '', constraints: constraints ?? '', skills, goals, rewards, reflections, world, problems };
}

async function worldFiles(agentDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of WORLD_SUBDIRS) {
    try {
      const entries = await readdir(join(agentDir, WORLD_DIR, sub), { withFileTypes: true });
      for (const e of entries) if (e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.')) files.push(`${WORLD_DIR}/${sub}/${e.name}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return files.sort();
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function skillFolders(agentDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(agentDir, SKILLS_DIR), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Moves the broken file aside (never overwriting an earlier quarantine) and describes why. */
function describe(file: string, err: unknown): StateProblem {
  const line = err instanceof LearnParseError ? err.line : 1;
  const message = err instanceof LearnParseError ? err.detail : `could not be read: ${(err as Error).message}`;
  return { file, line, message };
}

async function quarantine(agentDir: string, file: string, err: unknown, now: Date): Promise<StateProblem> {
  const { line, message } = describe(file, err);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.quarantine-${stamp}`;
  for (let n = 2; await exists(join(agentDir, target)); n++) target = `${file}.quarantine-${stamp}-${n}`;
  await rename(join(agentDir, file), join(agentDir, target));
  return { file, line, message, quarantinedAs: target };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Records the files a change set wrote together with the records they encode, so the next
 * load reuses them instead of parsing again (parse(render(x)) = x is pinned by the codec tests).
 */
export function primeStateCache(cache: StateCache, changes: FileChange[], next: AgentState): void {
  const skills = new Map<string, unknown>(next.skills.map((s) => [skillPath(s.name), s]));
  for (const r of next.world) skills.set(worldPath(r), r);
  const records: Record<string, unknown> = { [REWARDS_FILE]: next.rewards, [REFLECTIONS_FILE]: next.reflections, [GOALS_FILE]: next.goals };
  for (const c of changes) {
    const value = records[c.path] ?? skills.get(c.path);
    if (c.op === 'write' && value !== undefined) cache.set(c.path, { text: c.content, value });
    else cache.delete(c.path);
  }
}
