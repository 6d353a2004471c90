// Which paths may be handed to git. Text that reaches git (messages) goes through gitSafeText
// (git-writer/safe-text.ts); a path is refused instead, since renaming it silently would commit
// a different file. One rule for the git CLI today and the in-process object writer.

/**
 * Why a path relative to a repository cannot be handed to git, or undefined when it can:
 * it must be non-empty and hold no control character (a NUL ends a C string; a newline
 * splits git's line-based output).
 */
export function gitPathProblem(rel: string): string | undefined {
  if (rel === '') return 'an empty path';
  if (/[\x00-\x1f\x7f]/.test(rel)) return `the path ${JSON.stringify(rel)} holds a control character`;
  return undefined;
}
