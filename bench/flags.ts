// Flags of the benchmarks: a bad value is a usage error (exit 2) that names the flag and what
// it takes, never NaN in the results or a stack trace.
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AgentOsError } from '../src/errors.ts';

export class BenchUsageError extends AgentOsError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** node:util parseArgs, strict, with its errors (an unknown flag such as --data) as usage errors. */
export function benchArgs<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new BenchUsageError((e as Error).message.replace(/^(Unknown option '[^']*')\. To specify a positional argument.*$/s, '$1'));
  }
}

/** A number flag within [min, max] (whole when `whole`), else its default. */
export function numberFlag(raw: string | undefined, flag: string, fallback: number, o: { min: number; max: number; whole?: boolean }): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < o.min || n > o.max || (o.whole && !Number.isInteger(n))) {
    throw new BenchUsageError(`--${flag} ${raw}: expected ${o.whole ? 'a whole number' : 'a number'} from ${o.min} to ${o.max}`);
  }
  return n;
}

/** A file flag that must exist. */
export function fileFlag(file: string, flag: string): string {
  if (!existsSync(file)) throw new BenchUsageError(`--${flag} ${file}: no such file`);
  return file;
}
