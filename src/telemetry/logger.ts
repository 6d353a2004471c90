// pino logs, redacted before they are written: JSON lines for machines, or pretty lines for a
// person at a terminal (src/telemetry/pretty.ts). A reader that goes away never crashes the process.
import { pino, type Logger, type DestinationStream } from 'pino';
import { prettyDestination } from './pretty.ts';
import { redactText, redactValue } from './redact.ts';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stderr. */
  destination?: DestinationStream;
  name?: string;
  /** json (default): one JSON object per line; pretty: one readable line per record. */
  format?: 'json' | 'pretty';
  /** ANSI colours in pretty lines; default: when stderr is a terminal and NO_COLOR is unset. */
  color?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'agentos',
      level: opts.level ?? 'info',
      formatters: { log: (obj) => redactValue(obj) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => redactValue(a)) as Parameters<typeof method>);
        },
      },
    },
    destinationOf(opts),
  );
}

function destinationOf(opts: LoggerOptions): DestinationStream {
  if (opts.format === 'pretty') {
    const color = opts.color ?? (process.stderr.isTTY === true && !process.env.NO_COLOR);
    return prettyDestination(opts.destination ?? stderrWriter(), { color }); // redacts each finished line
  }
  let dest = opts.destination;
  if (!dest) {
    const fd2 = pino.destination({ dest: 2, sync: true });
    fd2.on('error', ignoreClosedPipe); // `agentos run 2>&1 | head`: the reader left; keep running
    dest = fd2;
  }
  return redactedLines(dest);
}

/**
 * The last net: every line is redacted as text before it is written, which also covers what the
 * record formatter never sees (a child logger's bindings, which pino does not pass through it).
 */
function redactedLines(dest: DestinationStream): DestinationStream {
  return { write: (line: string) => dest.write(redactText(line)) };
}

function stderrWriter(): { write(s: string): unknown } {
  return {
    write(s: string) {
      if (!process.stderr.destroyed) process.stderr.write(s);
    },
  };
}

function ignoreClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
