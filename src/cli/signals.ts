// SIGINT and SIGTERM as a promise a command can race its work against, so that it stops
// cleanly (the data-dir lock released, the task in flight left queued) whatever it is doing.
import { EXIT } from '../errors.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface StopSignals {
  /** Resolves with the first SIGINT or SIGTERM received after listen(). */
  readonly received: Promise<StopSignal>;
  /** The signal received so far, if any. */
  readonly signal: StopSignal | undefined;
  /** Restores the default handlers. */
  dispose(): void;
}

/** The exit code of a command stopped by this signal before its work was done (130, 143). */
export function signalExitCode(signal: StopSignal): number {
  return signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
}

/**
 * Listens for SIGINT and SIGTERM. The first one resolves `received`; a second SIGINT while the
 * command is still stopping (a person pressing Ctrl-C again) calls `force` — by default, exit at
 * once with 130 (a lock left behind is taken over by the next start: its pid is gone). A repeated
 * SIGTERM is ignored: supervisors that signal a whole process group send it twice.
 */
export function listenForStop(opts: { onFirst?: (s: StopSignal) => void; force?: (s: StopSignal) => void } = {}): StopSignals {
  let signal: StopSignal | undefined;
  let resolve!: (s: StopSignal) => void;
  const received = new Promise<StopSignal>((r) => (resolve = r));
  const force = opts.force ?? ((s: StopSignal) => process.exit(signalExitCode(s)));
  const handler = (s: StopSignal) => {
    if (signal === undefined) {
      signal = s;
      opts.onFirst?.(s);
      resolve(s);
    } else if (s === 'SIGINT') {
      force(s);
    }
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    received,
    get signal() {
      return signal;
    },
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
