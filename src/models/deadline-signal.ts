// An abort signal for one operation: aborted by its parent or when `ms` pass, released when the
// operation ends. AbortSignal.timeout keeps its timer (and the signal, and through the listeners
// fetch adds, the request) alive until the time is up, and AbortSignal.any keeps a signal with
// listeners alive while its sources live: per task that held each task's request objects for the
// whole task deadline (15 min by default). Here the timer is cleared and the parent's listener
// removed by dispose(), so nothing outlives the operation.
export interface DeadlineSignal {
  signal: AbortSignal;
  /** True once the deadline (not the parent) aborted the signal. */
  readonly timedOut: boolean;
  /** Clear the timer and detach from the parent; call when the operation ends. */
  dispose(): void;
}

export function deadlineSignal(parent: AbortSignal | undefined, ms: number | undefined): DeadlineSignal {
  const ctl = new AbortController();
  let timedOut = false;
  const timer = ms === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    ctl.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  timer?.unref();
  const onParent = () => ctl.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: ctl.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
