// pino logs, redacted before they are written.
import { pino, type Logger, type DestinationStream } from 'pino';
import { redactValue } from './redact.ts';

export type { Logger };

export function createLogger(opts: { level?: string; destination?: DestinationStream; name?: string } = {}): Logger {
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
    opts.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
