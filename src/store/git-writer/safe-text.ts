// Text that reaches git (commit messages, identities, reflog lines): never a NUL byte or a
// control character, so a model reply full of them can never break or forge a commit.

// C0 controls except \t and \n, DEL, and C1 controls. \r is handled first (CRLF → LF).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `s` with NUL and every other control character removed, except \n and \t; CRLF and lone CR
 * become \n, and unpaired surrogates become U+FFFD, so the UTF-8 git receives is well formed.
 */
export function gitSafeText(s: string): string {
  return s.toWellFormed().replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/**
 * A commit message as `git commit -m` would store it (cleanup=whitespace): safe text, trailing
 * whitespace removed from each line, runs of blank lines collapsed, no leading or trailing blank
 * lines, one final newline. '' when nothing is left.
 */
export function cleanCommitMessage(message: string): string {
  const lines = gitSafeText(message).split('\n').map((l) => l.replace(/[ \t]+$/, ''));
  const out: string[] = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join('\n') + '\n' : '';
}

/** A name or e-mail for an author/committer line: safe text without `<`, `>` or line breaks. */
export function gitSafeIdentPart(s: string): string {
  return gitSafeText(s).replace(/[<>\n\t]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** A reflog message: one line (git collapses whitespace the same way). */
export function reflogMessage(s: string): string {
  return gitSafeText(s).replace(/\s+/g, ' ').trim();
}
