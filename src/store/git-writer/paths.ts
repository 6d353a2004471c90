// Rules for repository paths the writer accepts: relative, POSIX, no `.`/`..`/`.git` component,
// no control characters. Pure: used to validate changes before anything is written.
import { GitWriterError } from './errors.ts';

// Names git (and fsck --strict) refuse or treat as its own: .git in any case, and the forms
// Windows and macOS would read as .git (a trailing dot or space, the 8.3 name GIT~1).
const GIT_DIR_NAME = /^(\.git[. ]*|git~1)$/i;
// Any control character: git allows some in paths, but they cannot reach a commit safely.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `p` cannot be a path in a commit, or null when it can. */
export function pathProblem(p: string): string | null {
  if (p === '') return 'empty path';
  if (p.includes('\\')) return 'backslash in path (use /)';
  if (p.startsWith('/')) return 'absolute path';
  if (p.endsWith('/')) return 'trailing slash';
  if (CONTROL.test(p)) return 'control character in path';
  if (p.toWellFormed() !== p) return 'unpaired surrogate in path';
  for (const part of p.split('/')) {
    if (part === '') return 'empty path component (//)';
    if (part === '.' || part === '..') return `"${part}" component`;
    if (GIT_DIR_NAME.test(part)) return "git's own directory (.git)";
  }
  if (Buffer.byteLength(p) > 4095) return 'path longer than 4095 bytes';
  return null;
}

/** `p` if it is a valid repository path, else a GitWriterError naming it. */
export function checkPath(p: string, repo: string): string {
  const problem = typeof p === 'string' ? pathProblem(p) : 'not a string';
  if (problem) throw new GitWriterError('E_GIT_INPUT', repo, `${repo}: cannot commit path ${JSON.stringify(p)}: ${problem}`);
  return p;
}

/** A UTF-8 path as a "binary string" (one char per byte), the form tree and index code compare. */
export function toBin(p: string): string {
  return Buffer.from(p, 'utf8').toString('latin1');
}

/** A binary-string path back to text (as the file system sees it). */
export function fromBin(b: string): string {
  return Buffer.from(b, 'latin1').toString('utf8');
}
