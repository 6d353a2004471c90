// Output helpers: commands write results to stdout and diagnostics to stderr.
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function err(line: string): void {
  process.stderr.write(`${line}\n`);
}
