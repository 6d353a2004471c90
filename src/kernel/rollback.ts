// Rollback as new commits (history is never rewritten): `revert` undoes one task's effects on
// the agent's mind and workspace; `rewind` returns them to a task or commit. Changes are computed
// from git trees and written through commitChangeSet (COMMIT-PATH.md); derived state follows
// (state cache, retrieval index) and shared segments of beliefs taken back are re-opened.
// Runs between tasks only (the worker's exclusive()); rules and messages in rollback-plan.ts.
import { chmod, lstat, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncAgentIndex } from '../context/index.ts';
import type { FileChange } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { commitChangeSet } from './commit.ts';
import { changedPaths, commitBySubject, isAncestor, isText, laterTouches, mergeText, readBlobs, resolveCommit, subjectOf, taskCommit, treeItems, type TreeItem } from './rollback-git.ts';
import { beliefTopic, commitLabel, conflictMessage, inScope, revertMessage, rewindMessage, RollbackError, type FilePlan } from './rollback-plan.ts';
import { doneIdOf } from './task-history.ts';
import { uncommittedWorkspace } from './workspace-commit.ts';

export interface RollbackOptions {
  /** revert: put conflicting files back as they were before the task; both: go ahead although tasks wait for a person. */
  force?: boolean;
  /** Re-opens shared segments of the beliefs taken back (the iac port's reopenBeliefs). */
  reopen?: (agent: string, topics: string[], reason: string) => Promise<string[]>;
}

export interface RollbackReport {
  kind: 'revert' | 'rewind';
  agent: string;
  /** The task id or commit asked for. */
  target: string;
  /** The commit reverted, or rewound to. */
  of: string;
  /** The new commit. */
  commit: string;
  files: FilePlan[];
  /** Files later commits touched too, "path (t-5, t-6)" (revert). */
  later: string[];
  /** Tasks whose effects a rewind undid. */
  undone: string[];
  reopened: string[];
  /** Paths whose restored state differs from the target's (e.g. a workspace file over the commit's size caps). */
  inexact: string[];
}

export async function revertTask(ctx: AgentContext, task: string, opts: RollbackOptions = {}): Promise<RollbackReport> {
  const agent = ctx.config.name;
  const git = ctx.git;
  const found = await taskCommit(git, agent, task);
  if (!found) throw new RollbackError('NOT_FOUND', `no commit of ${agent} closes task ${JSON.stringify(task)} (a dead-lettered task changed nothing to revert; see agentos log ${agent})`);
  const earlier = await commitBySubject(git, `${agent}(revert): ${task}`);
  if (earlier) throw new RollbackError('ALREADY_REVERTED', `task ${task} was already reverted by ${earlier.slice(0, 12)}; to take that back, rewind to the commit before it`);
  await assertQuiet(ctx, opts.force);
  const parent = `${found.sha}^`;
  const paths = (await changedPaths(git, parent, found.sha)).filter(inScope);
  const [before, at, now] = await Promise.all([treeItems(git, parent, paths), treeItems(git, found.sha, paths), treeItems(git, 'HEAD', paths)]);
  const later = await laterTouches(git, found.sha, paths, commitLabel);
  const blobs = await readBlobs(git, [...before.values(), ...at.values(), ...now.values()].map((i) => i.sha));
  const plans: FilePlan[] = [];
  const result = new Map<string, Target>();
  for (const p of paths) {
    const [b, a, n] = [before.get(p), at.get(p), now.get(p)];
    const touched = later.get(p) ?? [];
    if (same(n, a)) {
      // Nothing changed it since: back to before the task.
      result.set(p, b);
      plans.push({ path: p, action: same(n, b) ? 'unchanged' : 'restored', later: touched });
      continue;
    }
    const merged = await merge3(ctx, n, a, b, blobs);
    if (merged === 'same') plans.push({ path: p, action: 'unchanged', later: touched });
    else if (merged !== undefined) {
      result.set(p, { bytes: merged });
      plans.push({ path: p, action: 'merged', later: touched });
    } else {
      result.set(p, b);
      plans.push({ path: p, action: 'forced', later: touched });
    }
  }
  const conflicts = plans.filter((f) => f.action === 'forced');
  if (conflicts.length && !opts.force) throw new RollbackError('ROLLBACK_CONFLICT', conflictMessage(agent, task, conflicts));
  const changedWorld = plans.filter((f) => f.action !== 'unchanged').map((f) => beliefTopic(f.path)).filter((t): t is string => t !== undefined);
  const reopened = changedWorld.length && opts.reopen ? await opts.reopen(agent, [...new Set(changedWorld)], `${agent} reverted task ${task}, which had changed this belief`) : [];
  const commit = await write(ctx, result, blobs, revertMessage(agent, task, found.sha, plans, reopened));
  const intended = new Map<string, TreeItem | undefined>();
  for (const [p, v] of result) if (!(v && 'bytes' in v)) intended.set(p, v);
  return finish(ctx, {
    kind: 'revert', agent, target: task, of: found.sha, commit, files: plans, reopened, undone: [],
    later: plans.filter((f) => f.later.length).map((f) => `${f.path} (${f.later.join(', ')})`),
    inexact: await inexact(ctx, intended),
  });
}

export async function rewindTo(ctx: AgentContext, target: string, opts: RollbackOptions = {}): Promise<RollbackReport> {
  const agent = ctx.config.name;
  const git = ctx.git;
  const byTask = await taskCommit(git, agent, target);
  const sha = byTask?.sha ?? (await resolveCommit(git, target));
  if (!sha) throw new RollbackError('NOT_FOUND', `${JSON.stringify(target)} is neither a task ${agent} completed nor a commit of its repository (agentos log ${agent} lists both)`);
  if (!(await isAncestor(git, sha, 'HEAD'))) throw new RollbackError('NOT_FOUND', `${target} (${sha.slice(0, 12)}) is not in ${agent}'s history`);
  await assertQuiet(ctx, opts.force);
  const subject = byTask?.subject ?? (await subjectOf(git, sha));
  const paths = (await changedPaths(git, sha, 'HEAD')).filter(inScope);
  const items = await treeItems(git, sha, paths);
  const blobs = await readBlobs(git, [...items.values()].map((i) => i.sha));
  const result = new Map<string, Target>(paths.map((p) => [p, items.get(p)]));
  // Tasks whose effects go (a dead letter's record stays in iac/: it is not undone).
  const undone = (await git.raw(['log', '--format=%s', `${sha}..HEAD`])).split('\n').filter((s) => s.startsWith(`${agent}(task): `)).map(doneIdOf).filter((id): id is string => id !== undefined).reverse();
  const topics = paths.map(beliefTopic).filter((t): t is string => t !== undefined);
  const label = byTask ? target : sha.slice(0, 12);
  const reopened = topics.length && opts.reopen ? await opts.reopen(agent, [...new Set(topics)], `${agent} rewound to ${label}, which took this belief back`) : [];
  const commit = await write(ctx, result, blobs, rewindMessage(agent, label, sha, subject, paths, undone, reopened));
  return finish(ctx, {
    kind: 'rewind', agent, target: label, of: sha, commit, files: paths.map((p) => ({ path: p, action: 'restored', later: [] })), later: [], undone, reopened,
    inexact: await inexact(ctx, new Map(paths.map((p) => [p, items.get(p)]))),
  });
}

/** A file as the rollback leaves it: a tree entry, merged text, or gone. */
type Target = TreeItem | { bytes: Buffer } | undefined;

const same = (x: TreeItem | undefined, y: TreeItem | undefined) => x?.sha === y?.sha && x?.mode === y?.mode;

/** The file merged from now (n), the task's result (a) and before it (b); 'same' when it stays as it is; undefined on a conflict. */
async function merge3(ctx: AgentContext, n: TreeItem | undefined, a: TreeItem | undefined, b: TreeItem | undefined, blobs: Map<string, Buffer>): Promise<Buffer | 'same' | undefined> {
  if (same(n, b)) return 'same'; // a later change already undid it
  if (!n || !a || !b || n.mode !== b.mode) return undefined; // an add or delete on one side: no text to merge
  const [nb, ab, bb] = [blobs.get(n.sha)!, blobs.get(a.sha)!, blobs.get(b.sha)!];
  if (![nb, ab, bb].every(isText)) return undefined;
  const text = await mergeText(ctx.git, nb.toString('utf8'), ab.toString('utf8'), bb.toString('utf8'));
  if (text === undefined) return undefined;
  return text === nb.toString('utf8') ? 'same' : Buffer.from(text, 'utf8');
}

/** Refuses while tools' work is not committed (a task paused mid-act) or a task waits for a person, unless forced. */
async function assertQuiet(ctx: AgentContext, force = false): Promise<void> {
  const pending = await uncommittedWorkspace(ctx.git, ctx.config.limits?.workspace);
  if (pending.length) {
    throw new RollbackError('ROLLBACK_BLOCKED', `workspace/ has changes no commit holds yet (${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}): a task paused for a person left them (agentos approvals), or someone put them there. Let the task finish, or move the files out of workspace/, then try again`);
  }
  const paused = ctx.act ? [...(await ctx.act.pausedTasks())] : [];
  if (paused.length && !force) {
    throw new RollbackError('ROLLBACK_BLOCKED', `task(s) ${paused.join(', ')} wait for a person (agentos approvals) and would resume on the rolled-back state: decide them first, or add --force`);
  }
}

/** Writes the result: text as changes through commitChangeSet; binary files and links in workspace/ directly. */
async function write(ctx: AgentContext, result: Map<string, Target>, blobs: Map<string, Buffer>, message: string): Promise<string> {
  const changes: FileChange[] = [];
  for (const [p, v] of result) {
    const abs = path.join(ctx.paths.root, p);
    if (v === undefined) {
      changes.push({ op: 'delete', path: p });
      continue;
    }
    const bytes = 'bytes' in v ? v.bytes : blobs.get(v.sha)!;
    const mode = 'bytes' in v ? undefined : v.mode;
    if (mode === '120000' || mode === '160000' || !isText(bytes)) {
      if (!p.startsWith('workspace/')) continue; // the mind is text; anything else stays as it is (inexact names it)
      await direct(abs, bytes, mode);
      continue;
    }
    await presetMode(abs, mode);
    changes.push({ op: 'write', path: p, content: bytes.toString('utf8') });
  }
  return commitChangeSet(ctx, { message, changes, dequeue: [] });
}

/** The executable bit as the target has it, before the commit writes it (which keeps a file's mode). */
async function presetMode(abs: string, mode: string | undefined): Promise<void> {
  if (mode === undefined) return;
  const want = mode === '100755' ? 0o755 : 0o644;
  const st = await lstat(abs).catch(() => undefined);
  if (st?.isFile()) {
    if ((st.mode & 0o111) !== (want & 0o111)) await chmod(abs, want);
  } else if (!st && want === 0o755) {
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, '', { mode: want });
  }
}

async function direct(abs: string, bytes: Buffer, mode: string | undefined): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true });
  await rm(abs, { recursive: true, force: true });
  if (mode === '120000') await symlink(bytes.toString('utf8'), abs);
  else if (mode !== '160000') await writeFile(abs, bytes, { mode: mode === '100755' ? 0o755 : 0o644 });
}

/** Paths whose committed state is not the intended one (left out by the workspace caps, a submodule). */
async function inexact(ctx: AgentContext, intended: Map<string, TreeItem | undefined>): Promise<string[]> {
  const head = await treeItems(ctx.git, 'HEAD', [...intended.keys()]);
  return [...intended].filter(([p, want]) => !same(head.get(p), want)).map(([p]) => p);
}

/** Derived state follows the files: parsed records, the retrieval index. */
async function finish(ctx: AgentContext, r: RollbackReport): Promise<RollbackReport> {
  ctx.stateCache.clear();
  if (ctx.index) {
    try {
      await syncAgentIndex(ctx.index, ctx.dataDir, ctx.config, r.commit);
    } catch (err) {
      ctx.log.warn({ agent: r.agent, err }, 'context index update after a rollback failed; it is rebuilt at the next start');
    }
  }
  ctx.events.emitEvent({ type: 'agent.rolled_back', agent: r.agent, kind: r.kind, target: r.target, commit: r.commit, files: r.files.filter((f) => f.action !== 'unchanged').length });
  ctx.log.info({ agent: r.agent, kind: r.kind, target: r.target, commit: r.commit.slice(0, 8), files: r.files.length }, `${r.kind} committed`);
  return r;
}
