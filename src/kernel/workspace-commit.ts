// What tools wrote under workspace/ is committed with the task: new, changed and deleted files,
// taken from disk by the git writer (fromDisk: .gitignore and every ignore rule hold, nested
// repositories and over-size files are left out) within the agent's caps, and never a file holding
// a secret or personal data (what redactText would hide: git history must not carry it). What is
// left out is named in the commit message with the reason and the agents.yaml key to raise.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, type WorkspaceLimits } from '../config/index.ts';
import type { CommitInput, Git } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';

export const WORKSPACE_DIR = 'workspace';
/** Skipped files named in the commit message, at most. */
const MAX_NAMED = 10;

export interface WorkspaceCommit {
  /** What the writer takes from disk ([] when workspace.commit is off). */
  fromDisk: string[];
  /** The per-file rule on top of the writer's: count and total caps, no secrets. */
  filter: NonNullable<CommitInput['fromDiskFilter']>;
  /** The message with what was left out named under `workspace files not versioned`. */
  message: (message: string, skipped: { path: string; reason: string }[]) => string;
}

/**
 * The workspace part of one commit (a fresh one per commit: it counts). The writer is opened with
 * `maxFileBytes` = workspace.max_file_kb; `max_files` and `max_total_mb` count the files this
 * commit takes (unchanged tracked files are not read, so they do not count).
 */
export function workspaceCommit(root: string, limits: WorkspaceLimits = DEFAULT_LIMITS.workspace): WorkspaceCommit {
  let files = 0;
  let total = 0;
  return {
    fromDisk: limits.commit ? [WORKSPACE_DIR] : [],
    filter: ({ path: rel, content }) => {
      if (!rel.startsWith(`${WORKSPACE_DIR}/`)) return undefined;
      if (files >= limits.maxFiles) return `over workspace.max_files (${limits.maxFiles}) in one commit`;
      if (total + content.length > limits.maxTotalBytes) return `over workspace.max_total_mb (${Math.round(limits.maxTotalBytes / 1024 / 1024)} MiB) in one commit`;
      if (content.length > 0) {
        const text = content.toString('utf8');
        if (redactText(text) !== text) return 'holds a secret or personal data (privacy: or a registered key): git history never carries it';
      }
      files++;
      total += content.length;
      return undefined;
    },
    message: (message, skipped) => {
      const ws = skipped.filter((s) => s.path === WORKSPACE_DIR || s.path.startsWith(`${WORKSPACE_DIR}/`)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      if (!ws.length) return message;
      const named = ws.slice(0, MAX_NAMED).map((s) => explain(root, s, limits));
      if (ws.length > MAX_NAMED) named.push(`- … and ${ws.length - MAX_NAMED} more: left out for the reasons above`);
      return `${message.trimEnd()}\n\nworkspace files not versioned (${ws.length}):\n${named.join('\n')}\n`;
    },
  };
}

/** One skipped file as a line of the message, the writer's reasons put in the agent's terms. */
function explain(root: string, s: { path: string; reason: string }, limits: WorkspaceLimits): string {
  let { path: rel, reason } = s;
  if (/nested git repository/.test(reason)) {
    rel = `${rel}/`;
    reason = 'a git repository of its own (not versioned here)';
  } else if (/larger than the cap/.test(reason)) {
    let size = '';
    try {
      size = `${lstatSync(path.join(root, rel)).size} bytes, `;
    } catch {
      // gone since: the cap is reason enough
    }
    reason = `${size}over workspace.max_file_kb (${Math.round(limits.maxFileBytes / 1024)} KiB)`;
  } else if (/over the limit of \d+ files/.test(reason)) {
    reason = `over workspace.max_files (${limits.maxFiles}) in one commit`;
  } else if (!/^over workspace\.|^holds a secret/.test(reason)) {
    reason = `${reason} (not versioned)`;
  }
  // A name git cannot take (a control character in it) is shown escaped.
  return `- ${/[\u0000-\u001f\u007f]/.test(rel) ? JSON.stringify(rel) : rel}: ${reason}`;
}

/**
 * Workspace files the next commit would take that no commit holds yet (what tools wrote in a task
 * still paused): git's view, less what the writer leaves out anyway (nested repositories, files
 * over workspace.max_file_kb). Empty when workspace.commit is off.
 */
export async function uncommittedWorkspace(git: Git, limits: WorkspaceLimits = DEFAULT_LIMITS.workspace): Promise<string[]> {
  if (!limits.commit) return [];
  const out: string[] = [];
  for (const e of await git.status([WORKSPACE_DIR])) {
    if (e.path.endsWith('/')) continue; // a repository of its own: never versioned here
    try {
      const st = lstatSync(path.join(git.dir, e.path));
      if (st.isFile() && st.size > limits.maxFileBytes) continue;
    } catch {
      // deleted: a change too
    }
    out.push(e.path);
  }
  return out.sort();
}
