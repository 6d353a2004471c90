// Shutdown that runs every step: each in order, each with its own catch, every failure logged
// and reported together at the end, so one failing step never leaves the others undone.
import type { Logger } from '../telemetry/index.ts';

export type CloseStep = [name: string, run: () => unknown];

/** Runs every step; rejects with an AggregateError naming each failed step (after all ran). */
export async function closeAll(log: Logger, owner: string, steps: CloseStep[]): Promise<void> {
  const failures: Error[] = [];
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (err) {
      log.error({ err, step: name }, `${owner}: ${name} failed while stopping; the other steps still run`);
      failures.push(new Error(`${owner}: ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    }
  }
  if (failures.length) throw new AggregateError(failures, `${owner} stopped with ${failures.length} failed step(s): ${failures.map((f) => f.message).join('; ')}`);
}
