// Resolving a tool path to an open directory inside the workspace. Two layers:
// 1. realpath of the deepest existing ancestor must lie inside the workspace's real
//    path (symlinks anywhere in the path are followed, then judged by where they land;
//    a symlink to a missing target is refused, since its target could appear outside);
// 2. the resolved path is then walked one directory at a time from the workspace root
//    through file descriptors with O_NOFOLLOW (dir-handle.ts), the leaf is opened or
//    renamed through the final directory's fd (/proc/self/fd/N/<leaf>, O_NOFOLLOW), and
//    that fd's path is read back from /proc/self/fd/N before use and again right before
//    a write's rename. A symlink or rename swapped in after step 1 makes the walk fail
//    instead of leading outside.
// Limits: (a) a directory already opened can be moved elsewhere by another process with
// write access to both places; the re-check narrows that window to the rename itself but
// cannot close it without openat2(RESOLVE_BENEATH)/renameat2, which Node does not expose.
// (b) Without /proc (not Linux), operations go by path: only layer 1 and the leaf's
// O_NOFOLLOW hold. (c) Hard links are invisible to path rules: see escape.test.ts.
// (d) The workspace directory itself is trusted: whoever can replace it is outside the sandbox.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { assertWritable, joinSegments, segmentsBelow, splitRelative, type AccessMode } from './confine.ts';
import { DirHandle } from './dir-handle.ts';
import { fromFsError, ToolError } from './errors.ts';

/** The workspace's real path, creating the workspace when it is missing. */
export async function workspaceRoot(workspace: string): Promise<string> {
  await fsp.mkdir(workspace, { recursive: true });
  return fsp.realpath(workspace);
}

/**
 * Real segments (below rootReal) of the path `segs` names: the deepest existing ancestor
 * through realpath, plus the missing tail as asked. Throws when that ancestor lies outside.
 */
export async function resolveReal(rootReal: string, segs: readonly string[], shown: string): Promise<string[]> {
  for (let i = segs.length; i >= 0; i--) {
    const prefix = path.join(rootReal, ...segs.slice(0, i));
    let real: string;
    try {
      real = await fsp.realpath(prefix);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new ToolError('PATH_SYMLINK', `'${shown}': '${joinSegments(segs.slice(0, i))}' is a loop of symbolic links`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fromFsError(e, shown);
      if (code === 'ENOENT' && (await exists(prefix))) {
        // It exists but cannot be resolved: a symlink whose target is missing. Its target
        // might be outside and be created later, so it is never followed.
        throw new ToolError('PATH_SYMLINK', `'${shown}': '${joinSegments(segs.slice(0, i))}' is a symbolic link to a missing target; it is not followed`);
      }
      continue;
    }
    const below = segmentsBelow(rootReal, real);
    if (!below) throw new ToolError('PATH_ESCAPE', `'${shown}' leads outside the workspace through a symbolic link at '${joinSegments(segs.slice(0, i))}'`);
    return [...below, ...segs.slice(i)];
  }
  return [...segs]; // not reached: the root itself always resolves
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Throws unless the kernel still places `dir` where the walk expected it. */
export async function assertUnmoved(dir: DirHandle, shown: string): Promise<void> {
  const now = await dir.currentPath();
  if (now !== undefined && now !== dir.expected) {
    throw new ToolError('PATH_CHANGED', `'${shown}': a directory on the path was moved or replaced during the call; nothing was done, try again`);
  }
}

/** Walks `realSegs` from the root, one O_NOFOLLOW open at a time; `create` makes missing ones. */
export async function walk(rootReal: string, realSegs: readonly string[], create: boolean, shown: string): Promise<DirHandle> {
  let dir: DirHandle;
  try {
    dir = await DirHandle.open(rootReal);
  } catch (e) {
    throw fromFsError(e, '.');
  }
  try {
    for (const seg of realSegs) {
      const next = await dir.child(seg, create);
      await dir.close();
      dir = next;
    }
    await assertUnmoved(dir, shown);
    return dir;
  } catch (e) {
    await dir.close();
    throw fromFsError(e, shown);
  }
}

export interface Target {
  /** The path as the model gave it, normalised ('a/./b' → 'a/b'). */
  shown: string;
  /** The open directory that holds the target (or is it, for a directory target). */
  dir: DirHandle;
  /** The target's name inside `dir`; undefined when the target is `dir` itself. */
  leaf: string | undefined;
}

/**
 * Checks a tool path and opens what it names, confined to `workspace`. `file` targets
 * need a name (not the workspace itself); `write` also refuses git metadata, as asked
 * and as resolved, and creates missing parent directories. The caller closes `dir`.
 */
export async function openTarget(workspace: string, p: unknown, mode: AccessMode, kind: 'file' | 'dir'): Promise<Target> {
  const segs = splitRelative(p);
  const shown = joinSegments(segs);
  if (mode === 'write') assertWritable(segs, shown);
  if (kind === 'file' && segs.length === 0) throw new ToolError('NOT_A_FILE', `'${shown}' is the workspace directory; name a file inside it`);
  const rootReal = await workspaceRoot(workspace);
  const realSegs = await resolveReal(rootReal, segs, shown);
  if (mode === 'write') assertWritable(realSegs, shown);
  if (kind === 'dir') return { shown, dir: await walk(rootReal, realSegs, false, shown), leaf: undefined };
  if (realSegs.length === 0) throw new ToolError('NOT_A_FILE', `'${shown}' resolves to the workspace directory; name a file inside it`);
  const dir = await walk(rootReal, realSegs.slice(0, -1), mode === 'write', shown);
  return { shown, dir, leaf: realSegs[realSegs.length - 1] };
}
