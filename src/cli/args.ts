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
  /** The command uses no data directory: --data is refused (an unknown option) and not in --help. */
  noData?: boolean;
}

const COMMON = {
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function helpText(spec: CommandSpec): string {
  const data = spec.noData ? [] : ['  --data DIR          data directory (else $AGENTOS_DATA, else $DATA_DIR, else ./agentos-data)'];
  return [`agentos ${spec.name}: ${spec.summary}`, '', `usage: ${spec.usage}`, '', 'options:', ...spec.help.map((l) => `  ${l}`), ...data, '  -h, --help          show this help', ''].join('\n');
}

export function parse(spec: CommandSpec, argv: string[]) {
  try {
    const common = spec.noData ? { help: COMMON.help } : COMMON;
    const r = parseArgs({ args: argv, options: { ...common, ...spec.options }, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | string[] | undefined>, positionals: r.positionals };
  } catch (err) {
    throw new UsageError(parseArgsMessage(err as Error), helpText(spec));
  }
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** node:util's parse error, without its advice about positionals for a mistyped option. */
export function parseArgsMessage(e: Error): string {
  return e.message.replace(/^(Unknown option '[^']*')\. To specify a positional argument.*$/s, '$1 (the options are below)');
}
