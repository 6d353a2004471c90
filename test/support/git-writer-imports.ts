// What tests of the git writer import from the store's public face.
export { GitWriter, GitWriterError, recoverRepo, recordingFs, gitSafeText, type FsEvent } from '../../src/store/index.ts';
import { hasCode } from '../../src/errors.ts';

/** Whether `e` is an AgentOS error with `code` (a readable assert predicate). */
export function hasCodeOf(e: unknown, code: string): boolean {
  return hasCode(e, code);
}
