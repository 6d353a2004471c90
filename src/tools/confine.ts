// Pure path rules of workspace confinement: what a tool path may look like, what
// counts as inside, and which names are never written. No I/O here: the checks that
// need the file system (symlinks, races) live in workspace-fs.ts and use these.
import path from 'node:path';
import { ToolError } from './errors.ts';

export type AccessMode = 'read' | 'write';

/** Most path segments and characters a tool path may have: bounds the work per call. */
const MAX_SEGMENTS = 64;
const MAX_PATH_CHARS = 4096;

/**
 * Splits a workspace-relative path into its segments, dropping '' and '.'. Rejects what
 * could name something outside the workspace before any file is touched: absolute paths,
 * any '..' segment (even one that would stay inside lexically: through a symlink, `a/..`
 * is not `.`), NUL bytes (C would cut the path there) and backslashes (ambiguous).
 * Returns [] for the workspace itself ('.' or '').
 */
export function splitRelative(p: unknown): string[] {
  if (typeof p !== 'string') throw new ToolError('PATH_INVALID', `the path must be a string, got ${typeof p}`);
  if (p.includes('\0')) throw new ToolError('PATH_NUL', `the path ${JSON.stringify(p)} contains a NUL byte`);
  if (p.length > MAX_PATH_CHARS) throw new ToolError('PATH_INVALID', `the path is ${p.length} characters long; at most ${MAX_PATH_CHARS} are allowed`);
  if (path.posix.isAbsolute(p) || /^[A-Za-z]:/.test(p) || p === '~' || p.startsWith('~/')) {
    throw new ToolError('PATH_ABSOLUTE', `'${p}' is absolute; give a path relative to the workspace, e.g. 'notes/todo.md'`);
  }
  if (p.includes('\\')) throw new ToolError('PATH_INVALID', `'${p}' contains a backslash; separate directories with '/'`);
  const segs = p.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.includes('..')) throw new ToolError('PATH_ESCAPE', `'${p}' contains '..'; paths must stay inside the workspace and may not use '..'`);
  if (segs.length > MAX_SEGMENTS) throw new ToolError('PATH_INVALID', `'${p}' has ${segs.length} segments; at most ${MAX_SEGMENTS} are allowed`);
  return segs;
}

/** Whether `p` is `root` or below it. Both must be absolute and normalised (real paths). */
export function isInside(root: string, p: string): boolean {
  if (p === root) return true;
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(base);
}

/** Segments of real path `p` below `root`, or undefined when `p` is not inside. */
export function segmentsBelow(root: string, p: string): string[] | undefined {
  if (!isInside(root, p)) return undefined;
  return path.relative(root, p).split(path.sep).filter((s) => s !== '');
}

/**
 * Why writing to these segments is refused, or undefined when it is allowed. Git metadata
 * could turn a file write into code execution (hooks, config, submodule URLs) in any
 * repository a person later opens, so: nothing inside a `.git` directory anywhere, no
 * `.git` file (a gitdir pointer), no `.gitmodules`. Compared case-insensitively because
 * case-insensitive file systems (and git on them) treat `.GIT` as `.git`.
 */
export function writeRefusal(segs: readonly string[]): string | undefined {
  const lower = segs.map((s) => s.toLowerCase());
  if (lower.includes('.git')) return `writes into '.git' are not allowed (git hooks and config could run code)`;
  if (lower[lower.length - 1] === '.gitmodules') return `writing '.gitmodules' is not allowed (submodule URLs could fetch and run code)`;
  return undefined;
}

/** Throws when `segs` (as asked, or as resolved through symlinks) may not be written. */
export function assertWritable(segs: readonly string[], shown: string): void {
  const why = writeRefusal(segs);
  if (why) throw new ToolError('PATH_PROTECTED', `'${shown}': ${why}`);
}

/** The display form of segments: what the model called the path, normalised. */
export function joinSegments(segs: readonly string[]): string {
  return segs.length ? segs.join('/') : '.';
}
