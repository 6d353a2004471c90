// What tools wrote under workspace/ is committed with the task: new, changed and deleted files,
// as git sees them (so .gitignore holds), within size and count caps, and never a file holding a
// secret or personal data (what redactText would hide: git history must not carry it). One
// function, so the in-process object writer can take the same list of paths.
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LIMITS, type WorkspaceLimits } from '../config/index.ts';
import { gitPathProblem, type Git } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';

export const WORKSPACE_DIR = 'workspace';
/** Skipped files named in the commit message, at most. */
const MAX_NAMED = 10;

export interface WorkspaceFiles {
  /** Paths relative to the repository to stage with the task (deletions included). */
  paths: string[];
  /** Files left out, with why (too large, too many, a name git cannot take, a repository of its own). */
  skipped: { path: string; reason: string }[];
}

/** The workspace files to commit with this task, and those left out (the first MAX_NAMED named, the rest counted). */
export async function workspaceChanges(git: Git, limits: WorkspaceLimits = DEFAULT_LIMITS.workspace): Promise<WorkspaceFiles> {
  const out: WorkspaceFiles = { paths: [], skipped: [] };
  if (!limits.commit) return out;
  const entries = (await git.status([WORKSPACE_DIR])).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let total = 0;
  let skipped = 0;
  const skip = (p: string, reason: string) => {
    if (++skipped <= MAX_NAMED) out.skipped.push({ path: p, reason });
  };
  for (const e of entries) {
    const rel = e.path;
    if (rel.endsWith('/')) {
      skip(rel, 'a git repository of its own (not versioned here)');
      continue;
    }
    const problem = gitPathProblem(rel);
    if (problem) {
      skip(JSON.stringify(rel), `${problem} (not versioned)`);
      continue;
    }
    if (out.paths.length >= limits.maxFiles) {
      skip(rel, `over workspace.max_files (${limits.maxFiles}) in one commit`);
      continue;
    }
    let size = 0;
    let file = false;
    try {
      const st = await lstat(path.join(git.dir, rel));
      file = st.isFile();
      size = file ? st.size : 0;
    } catch {
      // deleted: staged as a deletion
    }
    if (size > limits.maxFileBytes) {
      skip(rel, `${size} bytes, over workspace.max_file_kb (${Math.round(limits.maxFileBytes / 1024)} KiB)`);
      continue;
    }
    if (total + size > limits.maxTotalBytes) {
      skip(rel, `over workspace.max_total_mb (${Math.round(limits.maxTotalBytes / 1024 / 1024)} MiB) in one commit`);
      continue;
    }
    if (file && size > 0) {
      const text = await readFile(path.join(git.dir, rel), 'utf8').catch(() => '');
      if (redactText(text) !== text) {
        skip(rel, 'holds a secret or personal data (privacy: or a registered key): git history never carries it');
        continue;
      }
    }
    total += size;
    out.paths.push(rel);
    if (e.origPath && !gitPathProblem(e.origPath)) out.paths.push(e.origPath);
  }
  if (skipped > MAX_NAMED) out.skipped.push({ path: `… and ${skipped - MAX_NAMED} more`, reason: 'left out for the reasons above' });
  return out;
}
