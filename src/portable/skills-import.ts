// `agentos skills import AGENT DIR…`: Agent Skills folders (SKILL.md with front matter, maybe
// scripts and references beside it) into an agent, as imported skills with provenance. All
// folders are read and validated first (a bad one is an error naming file:line, and nothing is
// imported); the plan (learn/skill-import.ts) decides what fits the budget; the files, skills.md
// and system_prompt.md land in one commit; the retrieval index is rebuilt for the agent.
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { loadAgentsFile } from '../config/index.ts';
import { ContextIndex, indexPath, syncAgentIndex } from '../context/index.ts';
import { acquireDaemonLock, UnknownAgentError } from '../kernel/index.ts';
import { LearnParseError, loadAgentState, parseSkill, planSkillImport, skillImportChanges, SKILLS_DIR, type IncomingSkill, type SkillImportPlan } from '../learn/index.ts';
import { agentPaths, agentsYamlPath, Git, writeFileAtomic } from '../store/index.ts';
import { PortableError } from './errors.ts';

export interface SkillLimits {
  /** Files in one skill folder (SKILL.md included). */
  files: number;
  /** Bytes of one skill folder, all files together. */
  bytes: number;
}

export const DEFAULT_SKILL_LIMITS: SkillLimits = { files: 200, bytes: 8 * 1024 * 1024 };

export interface SkillsImportOptions {
  dataDir: string;
  agent: string;
  dirs: string[];
  limits?: SkillLimits;
  now?: Date;
}

export interface SkillsImportResult extends Omit<SkillImportPlan, 'write' | 'skills'> {
  commit: string | undefined;
  warnings: string[];
}

interface SourceFolder {
  dir: string;
  files: { rel: string; content: Buffer }[];
  sha256: string;
}

export async function importSkills(o: SkillsImportOptions): Promise<SkillsImportResult> {
  const now = o.now ?? new Date();
  const limits = o.limits ?? DEFAULT_SKILL_LIMITS;
  const { agents } = await loadAgentsFile(agentsYamlPath(o.dataDir));
  const config = agents.find((a) => a.name === o.agent);
  if (!config) throw new UnknownAgentError(o.agent, agents.map((a) => a.name));

  const folders: SourceFolder[] = [];
  for (const d of o.dirs) for (const dir of await skillFolders(path.resolve(d))) folders.push(await readFolder(dir, limits));
  const problems: string[] = [];
  const incoming: (IncomingSkill & { folder: SourceFolder })[] = [];
  for (const f of folders) {
    const file = path.join(f.dir, 'SKILL.md');
    try {
      const skill = parseSkill(f.files.find((x) => x.rel === 'SKILL.md')!.content.toString('utf8'), file);
      const twin = incoming.find((i) => i.skill.name === skill.name);
      if (twin) problems.push(`${file}: the name "${skill.name}" is also the name of ${path.join(twin.folder.dir, 'SKILL.md')}; import one of them`);
      else incoming.push({ skill, from: f.dir, sha256: f.sha256, folder: f });
    } catch (e) {
      if (!(e instanceof LearnParseError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) throw new PortableError('SKILL_IMPORT_INVALID', `${problems.length} skill folder(s) cannot be imported, so none was:\n  ${problems.join('\n  ')}`);

  const release = acquireDaemonLock(o.dataDir);
  try {
    const paths = agentPaths(o.dataDir, o.agent);
    const state = await loadAgentState(paths.root, { quarantine: false });
    const warnings = state.problems.map((p) => `${p.file}:${p.line}: ${p.message} (left as it is)`);
    const plan = planSkillImport(state.skills, incoming, { budget: config.budgets.skills, halfLifeDays: config.skillHalfLifeDays, now });
    const { write: _w, skills: _s, ...summary } = plan;
    if (plan.write.length === 0 && plan.pruned.length === 0) return { ...summary, commit: undefined, warnings };

    const changes = skillImportChanges(plan, state.skills, { config, persona: state.persona, constraints: state.constraints, goals: state.goals, now });
    const folderOf = new Map(incoming.map((i) => [i.skill.name, i.folder]));
    const touched = [...new Set([...plan.write.map((s) => `${SKILLS_DIR}/${s.name}`), ...plan.pruned.map((p) => `${SKILLS_DIR}/${p.name}`), 'skills.md', 'system_prompt.md'])];
    const git = new Git(paths.root);
    try {
      // A folder is replaced whole: a re-import drops files the new version no longer has.
      for (const p of touched.filter((t) => t.startsWith(`${SKILLS_DIR}/`))) await fsp.rm(path.join(paths.root, p), { recursive: true, force: true });
      for (const s of plan.write) {
        for (const f of folderOf.get(s.name)!.files) if (f.rel !== 'SKILL.md') await writeFileAtomic(path.join(paths.root, SKILLS_DIR, s.name, f.rel), f.content);
      }
      for (const c of changes) if (c.op === 'write') await writeFileAtomic(path.join(paths.root, c.path), c.content);
      const staged = await known(git, paths.root, touched);
      await git.add(staged);
      const commit = await git.commit(commitMessage(o.agent, plan), { paths: staged });
      await reindex(o.dataDir, config, commit);
      return { ...summary, commit, warnings };
    } catch (e) {
      await rollback(git, paths.root, touched);
      throw e;
    }
  } finally {
    release();
  }
}

/** DIR itself when it holds a SKILL.md, else its sub-folders that do (a folder of skills). */
async function skillFolders(dir: string): Promise<string[]> {
  const st = await fsp.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new PortableError('SKILL_IMPORT_INVALID', `${dir} is not a folder (give a skill folder with a SKILL.md, or a folder of them); nothing was imported`);
  if (await isFile(path.join(dir, 'SKILL.md'))) return [dir];
  const subs: string[] = [];
  for (const e of (await fsp.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && !e.name.startsWith('.') && (await isFile(path.join(dir, e.name, 'SKILL.md')))) subs.push(path.join(dir, e.name));
  }
  if (!subs.length) throw new PortableError('SKILL_IMPORT_INVALID', `${dir} has no SKILL.md, nor sub-folders with one; nothing was imported`);
  return subs;
}

async function isFile(p: string): Promise<boolean> {
  return (await fsp.lstat(p).catch(() => undefined))?.isFile() === true;
}

/** Every file of the folder (no links, no .git), bounded, and the folder's sha256. */
async function readFolder(dir: string, limits: SkillLimits): Promise<SourceFolder> {
  const files: SourceFolder['files'] = [];
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const e of (await fsp.readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git') continue;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) {
        if (files.length >= limits.files) throw new PortableError('SKILL_IMPORT_INVALID', `${dir} has more than ${limits.files} files (raise --max-files); nothing was imported`);
        const content = await fsp.readFile(path.join(dir, r));
        bytes += content.length;
        if (bytes > limits.bytes) throw new PortableError('SKILL_IMPORT_INVALID', `${dir} is larger than ${Math.round(limits.bytes / 1024)} KiB (raise --max-skill-kb); nothing was imported`);
        files.push({ rel: r, content });
      } else throw new PortableError('SKILL_IMPORT_INVALID', `${path.join(dir, r)} is a ${e.isSymbolicLink() ? 'symbolic link' : 'special file'}; a skill folder holds plain files only; nothing was imported`);
    }
  };
  await walk('');
  return { dir, files, sha256: folderSha256(files) };
}

/** sha256 over "<relative path>\0<sha256 of the file>\n" for every file, sorted by path. */
export function folderSha256(files: { rel: string; content: Buffer }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) h.update(`${f.rel}\0${createHash('sha256').update(f.content).digest('hex')}\n`);
  return h.digest('hex');
}

function commitMessage(agent: string, plan: SkillImportPlan): string {
  const n = plan.imported.length + plan.updated.length;
  const lines = [
    ...plan.write.map((s) => `skill ${plan.updated.includes(s.name) ? 're-imported' : 'imported'}: ${s.name} from ${s.metadata_extra?.imported_from} (sha256 ${s.metadata_extra?.imported_sha256})`),
    ...plan.skipped.map((s) => `skill skipped: ${s.name}: ${s.reason}`),
    ...(plan.pruned.length ? [`skills pruned: ${plan.pruned.map((p) => p.name).join(', ')}`] : []),
    ...plan.pruned.map((p) => `- ${p.name}: ${p.reason}`),
  ];
  return `${agent}(skills): imported ${n} skill(s)\n\n${lines.join('\n')}\n`;
}

async function reindex(dataDir: string, config: Parameters<typeof syncAgentIndex>[2], head: string): Promise<void> {
  const index = ContextIndex.open(indexPath(dataDir));
  try {
    await syncAgentIndex(index, dataDir, config, head);
  } finally {
    index.close();
  }
}

/** The paths that exist on disk or at HEAD (git refuses a pathspec that matches nothing). */
async function known(git: Git, root: string, touched: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of touched) {
    const onDisk = await fsp.lstat(path.join(root, p)).then(() => true, () => false);
    if (onDisk || (await git.raw(['ls-tree', '--name-only', 'HEAD', '--', p])).trim()) out.push(p);
  }
  return out;
}

/** Puts the touched paths back as they are at HEAD (nothing half-imported). */
async function rollback(git: Git, root: string, touched: string[]): Promise<void> {
  await git.run(['reset', '-q', '--', ...touched], [0, 1]).catch(() => undefined);
  for (const p of touched) {
    await fsp.rm(path.join(root, p), { recursive: true, force: true });
    const tracked = (await git.run(['ls-tree', '--name-only', 'HEAD', '--', p], [0, 128]).catch(() => ({ stdout: '' }))).stdout.trim();
    if (tracked) await git.run(['checkout', 'HEAD', '--', p]).catch(() => undefined);
  }
}
