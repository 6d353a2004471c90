// An in-memory intake port for kernel tests (no Redis): submitted tasks wait in arrays, one agent
// runs one task at a time, and every claim's outcome is recorded. The cluster's BullMQ intake
// implements the same port (src/cluster/intake.ts).
import type { ClaimHooks, ClaimOutcome, IntakeHost, IntakePort } from '../../src/kernel/index.ts';
import type { NewTask, QueueTask } from '../../src/store/index.ts';

export class MemoryIntake implements IntakePort {
  readonly host: IntakeHost;
  readonly submitted: { agent: string; task: NewTask }[] = [];
  readonly outcomes: { agent: string; task: string; outcome: ClaimOutcome | { kind: 'error'; message: string } }[] = [];
  started = false;
  closed = 0;

  constructor(host: IntakeHost) {
    this.host = host;
  }

  async submit(agent: string, task: NewTask): Promise<void> {
    this.submitted.push({ agent, task });
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async close(): Promise<void> {
    this.closed++;
  }

  /** Claims one task now, as a worker holding the agent's lease would. */
  async claim(agent: string, t: NewTask, o: { signal?: AbortSignal; hooks?: ClaimHooks } = {}): Promise<ClaimOutcome> {
    const task: QueueTask = { priority: 'normal', created: new Date().toISOString(), ...t, line: 0 };
    try {
      const outcome = await this.host.runClaimed(agent, task, o.signal ?? new AbortController().signal, o.hooks);
      this.outcomes.push({ agent, task: t.id, outcome });
      return outcome;
    } catch (err) {
      this.outcomes.push({ agent, task: t.id, outcome: { kind: 'error', message: (err as Error).message } });
      throw err;
    }
  }
}
