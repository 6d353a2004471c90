// Branch refs as git's files backend keeps them: HEAD's target, a loose ref or its packed-refs
// line, and reflog lines. Reading only; moving a ref is the writer's job (under its lock).
import fs from 'node:fs';
import path from 'node:path';
import { GitWriterError } from './errors.ts';
import { SHA_RE } from './objects.ts';

/** refs/heads/<name> under the rules of git check-ref-format that keep it a safe file path. */
export function isBranchRef(ref: string): boolean {
  if (!ref.startsWith('refs/heads/') || ref.endsWith('.') || ref.includes('..') || ref.includes('@{')) return false;
  if (/[\0-\x20\x7f~^:?*[\\]/.test(ref)) return false;
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw e;
  }
}

/** The branch HEAD points to (refs/heads/…); a detached or odd HEAD is a clear error. */
export function headBranch(gitDir: string): string {
  const head = readOrNull(path.join(gitDir, 'HEAD'))?.trim() ?? '';
  if (SHA_RE.test(head)) {
    throw new GitWriterError('E_GIT_DETACHED', gitDir, `${gitDir}: HEAD is detached at ${head.slice(0, 12)} (a rebase or bisect in progress?); check out a branch, then retry`);
  }
  const ref = head.startsWith('ref: ') ? head.slice(5).trim() : '';
  if (!isBranchRef(ref)) throw new GitWriterError('E_GIT_UNSUPPORTED', gitDir, `${gitDir}: HEAD is ${JSON.stringify(head.slice(0, 80))}, not a branch under refs/heads/`);
  return ref;
}

/** The sha `ref` names: its loose file, else its packed-refs line, else null (an unborn branch). */
export function readRef(commonDir: string, ref: string): string | null {
  const loose = readOrNull(path.join(commonDir, ref));
  if (loose !== null) {
    const v = loose.trim();
    if (SHA_RE.test(v)) return v;
    throw new GitWriterError('E_GIT_UNSUPPORTED', commonDir, `${path.join(commonDir, ref)} holds ${JSON.stringify(v.slice(0, 80))}, not a commit id (a symbolic branch?)`);
  }
  const packed = readOrNull(path.join(commonDir, 'packed-refs'));
  if (packed === null) return null;
  for (const line of packed.split('\n')) {
    if (line.length > 41 && line[40] === ' ' && line.slice(41) === ref && SHA_RE.test(line.slice(0, 40))) return line.slice(0, 40);
  }
  return null;
}

/** One reflog line: `<old> <new> <ident> <time> <tz>\t<message>\n` (ident and message already safe). */
export function reflogLine(oldSha: string, newSha: string, identWithDate: string, message: string): Buffer {
  return Buffer.from(`${oldSha} ${newSha} ${identWithDate}\t${message}\n`, 'utf8');
}
