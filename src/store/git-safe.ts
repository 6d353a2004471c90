// What may reach git: commit messages and paths. One rule for the git CLI today and the
// in-process object writer later, so both treat the same input the same way.

// C0 controls except \t (0x09) and \n (0x0a), DEL, and C1 controls. A NUL cannot pass through
// argv at all, and the others garble `git log` on a terminal or confuse tools that read it.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Text made safe for a git commit message: NUL and other control characters are removed
 * (\n and \t stay; a \r\n line end becomes \n). Everything else is kept as it was.
 */
export function gitSafeText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, '');
}

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
