// Argument parsing for every sub-command: node:util parseArgs, plus --help and
// usage errors that exit with code 2.
import { AgentOsError } from '../errors.ts';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export { EXIT } from '../errors.ts';

export class UsageError extends AgentOsError<'USAGE'> {
  readonly help: string;
  constructor(message: string, help: string) {
    super('USAGE', message);
    this.help = help;
  }
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Lines describing each option, for --help. */
  help: string[];
}

const COMMON = {
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function helpText(spec: CommandSpec): string {
  return [`agentos ${spec.name}: ${spec.summary}`, '', `usage: ${spec.usage}`, '', 'options:', ...spec.help.map((l) => `  ${l}`),
    '  --data DIR          data directory (else $AGENTOS_DATA, else $DATA_DIR, else ./agentos-data)', '  -h, --help          show this help', ''].join('\n');
}

export function parse(spec: CommandSpec, argv: string[]) {
  try {
    const r = parseArgs({ args: argv, options: { ...COMMON, ...spec.options }, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | string[] | undefined>, positionals: r.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message, helpText(spec));
  }
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
