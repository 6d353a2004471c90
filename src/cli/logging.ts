// The command's logger from LOG_LEVEL and LOG_FORMAT: pretty lines for a person at a terminal,
// JSON lines for a log collector (stderr not a terminal, or LOG_FORMAT=json).
import type { LogSettings } from '../config/index.ts';
import { createLogger, type Logger } from '../telemetry/index.ts';

/** `human`: pretty unless LOG_FORMAT=json even when stderr is not a terminal (the demo). */
export function cliLogger(settings: LogSettings, opts: { human?: boolean } = {}): Logger {
  const pretty = settings.logFormat === 'pretty' || (settings.logFormat === 'auto' && (opts.human === true || process.stderr.isTTY === true));
  return createLogger({ level: settings.logLevel, format: pretty ? 'pretty' : 'json' });
}
