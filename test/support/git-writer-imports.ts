// What tests of the git writer import: the store's public face, plus the recording file layer.
export { GitWriter, GitWriterError, recoverRepo, gitSafeText } from '../../src/store/index.ts';
export { recordingFs, type FsEvent } from '../../src/store/git-writer/fs-layer.ts';
import { hasCode } from '../../src/errors.ts';

/** Whether `e` is an AgentOS error with `code` (a readable assert predicate). */
export function hasCodeOf(e: unknown, code: string): boolean {
  return hasCode(e, code);
}
