// Typed errors of the tool runtime. Tools never throw these at the model: the
// wrapper turns them into `{ error, code }` results the model can read and act on.

import { AgentOsError } from '../errors.ts';

export type ToolErrorCode =
  | 'PATH_INVALID'
  | 'PATH_ABSOLUTE'
  | 'PATH_ESCAPE'
  | 'PATH_NUL'
  | 'PATH_PROTECTED'
  | 'PATH_SYMLINK'
  | 'PATH_CHANGED'
  | 'NOT_FOUND'
  | 'NOT_A_FILE'
  | 'NOT_A_DIRECTORY'
  | 'TOO_LARGE'
  | 'BINARY'
  | 'FS_ERROR'
  | 'SANDBOX_UNAVAILABLE'
  | 'POLICY_DENIED'
  | 'CAPABILITY'
  | 'NETWORK_DENIED'
  | 'FETCH_FAILED'
  | 'PATCH_FAILED'
  | 'MCP_ERROR'
  | 'DENIED_BY_PERSON'
  | 'INVALID_ARGS';

export class ToolError extends AgentOsError<ToolErrorCode> {}

/** What a tool returns to the model when it refuses or fails. */
export interface ToolErrorResult {
  error: string;
  code: string;
}

export function isToolErrorResult(v: unknown): v is ToolErrorResult {
  return typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string';
}

/** Turns a Node fs error into a ToolError that names the workspace path, never a host path. */
export function fromFsError(e: unknown, rel: string): ToolError {
  if (e instanceof ToolError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const at = `'${rel}'`;
  switch (code) {
    case 'ENOENT':
      return new ToolError('NOT_FOUND', `${at} does not exist in the workspace`);
    case 'ENOTDIR':
      return new ToolError('NOT_A_DIRECTORY', `${at}: a part of the path is not a directory`);
    case 'EISDIR':
      return new ToolError('NOT_A_FILE', `${at} is a directory, not a file`);
    case 'ELOOP':
      return new ToolError('PATH_SYMLINK', `${at}: a symbolic link appeared in the path during the call and was not followed`);
    case 'EACCES':
    case 'EPERM':
      return new ToolError('FS_ERROR', `${at}: permission denied`);
    case 'ENAMETOOLONG':
      return new ToolError('PATH_INVALID', `${at}: a name in the path is too long`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new ToolError('FS_ERROR', `${at}: no space left on the device`);
    case 'EROFS':
      return new ToolError('FS_ERROR', `${at}: the workspace is read-only`);
    default:
      // Node's message carries the host path; the model sees only the code.
      return new ToolError('FS_ERROR', `${at}: file system error ${code ?? String(e)}`);
  }
}

/** Any failure as a result for the model: ToolErrors verbatim, others without host paths. */
export function toErrorResult(e: unknown): ToolErrorResult {
  if (e instanceof ToolError) return { error: e.message, code: e.code };
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string') return { error: `file system error ${code}`, code: 'FS_ERROR' };
  return { error: `internal error: ${e instanceof Error ? e.message : String(e)}`, code: 'INTERNAL' };
}
