// Output helpers: commands write results to stdout and diagnostics to stderr. A reader that
// goes away (`agentos approvals | head`) ends the output quietly, never with an EPIPE crash.

const closed = new Set<NodeJS.WriteStream>();

/**
 * Makes a closed pipe on stdout or stderr end that stream's output instead of crashing:
 * later writes to it are dropped, the command finishes its work and exits with its own code
 * (as `git log | head` does). Idempotent; main() calls it before any command runs.
 */
export function guardPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    if (s.listeners('error').includes(onPipeError)) continue;
    s.on('error', onPipeError);
  }
}

function onPipeError(this: NodeJS.WriteStream, e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
    closed.add(this);
    return;
  }
  throw e;
}

/** Whether the reader of this stream has gone away. */
export function pipeClosed(s: NodeJS.WriteStream): boolean {
  return closed.has(s) || s.destroyed;
}

export function out(line = ''): void {
  if (!pipeClosed(process.stdout)) process.stdout.write(`${line}\n`);
}

export function err(line: string): void {
  if (!pipeClosed(process.stderr)) process.stderr.write(`${line}\n`);
}
