// Counts how often a task was started without finishing, across restarts, so a task
// that crashes the runtime every time (a poison pill) is dead-lettered, not retried forever.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { overwriteInPlaceSync, runtimeDir } from '../store/index.ts';

export class CrashAttempts {
  private readonly file: string;
  private counts: Record<string, number>;
  private dirMade = false;

  constructor(dataDir: string, agent: string) {
    this.file = path.join(runtimeDir(dataDir), 'attempts', `${agent}.json`);
    this.counts = this.load();
  }

  get(id: string): number {
    return this.counts[id] ?? 0;
  }

  /** Called as a task starts; synchronous and unsynced on purpose: it must be cheap. */
  begin(id: string): number {
    this.counts = { [id]: this.get(id) + 1 };
    this.save();
    return this.counts[id];
  }

  /** The task ended (completed, dead-lettered, or stopped cleanly): forget it. */
  end(): void {
    if (Object.keys(this.counts).length === 0) return;
    this.counts = {};
    this.save();
  }

  /** `{ "<task id>": <starts> }`; anything else (a torn write, an edit) counts as no attempts. */
  private load(): Record<string, number> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, n]) => Number.isInteger(n) && (n as number) > 0)) as Record<string, number>;
  }

  /** In place (store's overwriteInPlaceSync): a torn record does not parse and counts as no attempts. */
  private save(): void {
    if (!this.dirMade) mkdirSync(path.dirname(this.file), { recursive: true });
    this.dirMade = true;
    overwriteInPlaceSync(this.file, JSON.stringify(this.counts));
  }
}
