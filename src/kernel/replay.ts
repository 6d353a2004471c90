// Deterministic replay, the kernel's part: recording every model exchange of a task beside its
// checkpoint (DATA/.agentos/replay/<agent>/<task>.jsonl, replay-format.ts), and serving a
// recording back to a replayed run. Recordings are redacted (secrets, PII rules) and capped: a
// task's recording past `replay.task_max_kb` stops with a `truncated` line (that task cannot be
// replayed, and says so); past `replay.total_max_mb` for the data directory, the oldest
// recordings are dropped. Lines are appended synchronously (no flush): a recording is for people
// debugging and testing, not part of a task's durability.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_REPLAY_SETTINGS, type ReplaySettings } from '../config/index.ts';
import { ModelCallError, describeDifference, type ExchangeScope, type ModelExchange, type RecordedResponse } from '../models/index.ts';
import { runtimeDir, type QueueTask } from '../store/index.ts';
import { redactValue } from '../telemetry/index.ts';
import { readRecording, REPLAY_VERSION, type Recording, type ReplayLine, type ReplayTaskLine } from './replay-format.ts';

export type ReplayCaps = Pick<ReplaySettings, 'taskMaxBytes' | 'totalMaxBytes'>;

export function replayDir(dataDir: string, agent?: string): string {
  const root = path.join(runtimeDir(dataDir), 'replay');
  return agent ? path.join(root, agent) : root;
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function recordingFile(dataDir: string, agent: string, task: string): string {
  if (!SAFE.test(task)) throw new Error(`task id ${JSON.stringify(task.slice(0, 100))} cannot name a recording`);
  return path.join(replayDir(dataDir, agent), `${task}.jsonl`);
}

/** The recordings of one data directory: their total size, the caps, the oldest dropped. */
export class ReplayLog {
  readonly dataDir: string;
  readonly caps: ReplayCaps;
  #total: number | undefined;
  readonly #open = new Set<string>();
  readonly #onProblem: (m: string) => void;

  constructor(dataDir: string, caps: ReplayCaps = DEFAULT_REPLAY_SETTINGS, onProblem: (m: string) => void = () => {}) {
    this.dataDir = dataDir;
    this.caps = caps;
    this.#onProblem = onProblem;
  }

  /** Starts a task's recording (a fresh start replaces an earlier attempt's). */
  begin(header: Omit<ReplayTaskLine, 'v' | 'kind' | 'at'>): TaskRecording {
    const file = recordingFile(this.dataDir, header.agent, header.task.id);
    this.#prune(file);
    const line = `${JSON.stringify(redactValue({ v: REPLAY_VERSION, kind: 'task', ...header, at: new Date().toISOString() }))}\n`;
    const rec = new TaskRecording(this, file, 0, 0);
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const before = size(file);
      writeFileSync(file, line, { mode: 0o600 });
      this.grow(Buffer.byteLength(line) - before);
      rec.bytes = Buffer.byteLength(line);
    } catch (e) {
      this.#onProblem(`replay: cannot start ${file}: ${(e as Error).message}; this task is not recorded`);
      rec.stopped = true;
    }
    this.#open.add(file);
    return rec;
  }

  /** Continues a task's recording after a crash: exchanges past `exchanges` are void. */
  resume(agent: string, task: string, exchanges: number): TaskRecording {
    const file = recordingFile(this.dataDir, agent, task);
    const rec = new TaskRecording(this, file, exchanges, size(file));
    this.#open.add(file);
    if (rec.bytes === 0) rec.stopped = true; // no header: nothing to continue (dropped, or never recorded)
    else rec.append({ v: REPLAY_VERSION, kind: 'resume', at: new Date().toISOString(), exchanges });
    return rec;
  }

  /** A paused task that a person answered continues its recording as it was. */
  continue(agent: string, task: string): TaskRecording {
    const file = recordingFile(this.dataDir, agent, task);
    let n = 0;
    try {
      n = readRecording(readFileSync(file, 'utf8'), file).exchanges.length;
    } catch {
      n = 0; // no recording to continue: stopped below
    }
    const rec = new TaskRecording(this, file, n, size(file));
    if (rec.bytes === 0) rec.stopped = true;
    this.#open.add(file);
    return rec;
  }

  closed(file: string): void {
    this.#open.delete(file);
  }

  grow(bytes: number): void {
    if (this.#total !== undefined) this.#total += bytes;
  }

  /** Drops the oldest recordings (never one being written) until the total is under 90 % of its cap. */
  #prune(keep: string): void {
    this.#total ??= this.#scan().reduce((n, f) => n + f.size, 0);
    if (this.#total <= this.caps.totalMaxBytes) return;
    const files = this.#scan().filter((f) => f.file !== keep && !this.#open.has(f.file)).sort((a, b) => a.mtime - b.mtime);
    let dropped = 0;
    for (const f of files) {
      if (this.#total <= this.caps.totalMaxBytes * 0.9) break;
      rmSync(f.file, { force: true });
      this.#total -= f.size;
      dropped++;
    }
    if (dropped) this.#onProblem(`replay: recordings over replay.total_max_mb (${Math.round(this.caps.totalMaxBytes / 1048576)} MiB): dropped the ${dropped} oldest`);
  }

  #scan(): { file: string; size: number; mtime: number }[] {
    const out: { file: string; size: number; mtime: number }[] = [];
    const root = replayDir(this.dataDir);
    let agents: string[] = [];
    try {
      agents = readdirSync(root);
    } catch {
      return out;
    }
    for (const a of agents) {
      let names: string[] = [];
      try {
        names = readdirSync(path.join(root, a)).filter((n) => n.endsWith('.jsonl'));
      } catch {
        continue;
      }
      for (const n of names) {
        const file = path.join(root, a, n);
        try {
          const st = statSync(file);
          out.push({ file, size: st.size, mtime: st.mtimeMs });
        } catch {
          // gone meanwhile
        }
      }
    }
    return out;
  }
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** One task's recording: the exchange scope's `record`, its count (the step checkpoint keeps it), its end. */
export class TaskRecording {
  readonly file: string;
  count: number;
  bytes: number;
  stopped = false;
  readonly #log: ReplayLog;

  constructor(log: ReplayLog, file: string, count: number, bytes: number) {
    this.#log = log;
    this.file = file;
    this.count = count;
    this.bytes = bytes;
  }

  append(line: ReplayLine | Record<string, unknown>): boolean {
    if (this.stopped) return false;
    const text = `${JSON.stringify(redactValue(line))}\n`;
    const n = Buffer.byteLength(text);
    try {
      if (this.bytes + n > this.#log.caps.taskMaxBytes) {
        const cut = `${JSON.stringify({ v: REPLAY_VERSION, kind: 'truncated', at: new Date().toISOString(), reason: `over replay.task_max_kb (${Math.round(this.#log.caps.taskMaxBytes / 1024)} KiB): later exchanges not recorded` })}\n`;
        appendFileSync(this.file, cut);
        this.#log.grow(Buffer.byteLength(cut));
        this.stopped = true;
        return false;
      }
      appendFileSync(this.file, text);
    } catch {
      this.stopped = true; // a full disk or a dropped file: the task runs on, unrecorded from here
      return false;
    }
    this.bytes += n;
    this.#log.grow(n);
    return true;
  }

  record(x: ModelExchange): void {
    const { request, response, ...rest } = x;
    if (this.append({ v: REPLAY_VERSION, kind: 'exchange', n: this.count + 1, at: new Date().toISOString(), ...rest, request, response })) this.count++;
  }

  end(outcome: 'task' | 'dead-letter', commit: string): void {
    this.append({ v: REPLAY_VERSION, kind: 'end', at: new Date().toISOString(), outcome, commit });
    this.#log.closed(this.file);
  }
}

export interface Divergence {
  /** 1-based exchange of the replayed run. */
  n: number;
  purpose?: string;
  what: string;
}

/**
 * A recording served back, in order. A request whose digest differs from the recorded one is
 * reported as a divergence (with where it differs) and still answered with the recorded reply, so
 * the run goes on and its result can be compared; a request past the recording's end fails.
 */
export class RecordedExchanges implements ExchangeScope {
  readonly divergences: Divergence[] = [];
  served = 0;
  readonly deterministic: ExchangeScope['deterministic'];
  readonly #rec: Recording;

  constructor(rec: Recording, deterministic?: ExchangeScope['deterministic']) {
    this.#rec = rec;
    this.deterministic = deterministic;
  }

  serve(q: Parameters<NonNullable<ExchangeScope['serve']>>[0]): RecordedResponse {
    const n = ++this.served;
    const x = this.#rec.exchanges[n - 1];
    if (!x) {
      if (n === this.#rec.exchanges.length + 1) this.divergences.push({ n, ...(q.purpose && { purpose: q.purpose }), what: `request ${n} (${q.purpose ?? 'model call'}) is past the end of the recording (${this.#rec.exchanges.length} exchange(s)${this.#rec.truncated ? `; it was truncated: ${this.#rec.truncated}` : ''})` });
      throw new ModelCallError(`replay: no recorded reply for request ${n} (${q.purpose ?? 'model call'}); the recording holds ${this.#rec.exchanges.length}`, { kind: 'invalid-output', attempts: 1 });
    }
    const diffs: string[] = [];
    const where = describeDifference(x.request, q.request);
    if (where) diffs.push(`request differs from the recording in ${where}`);
    if ((x.purpose ?? '') !== (q.purpose ?? '')) diffs.push(`purpose ${x.purpose ?? '-'} recorded, ${q.purpose ?? '-'} now`);
    if (x.model !== q.model || (x.tier ?? '') !== (q.tier ?? '')) diffs.push(`model ${x.tier ?? '-'}/${x.model} recorded, ${q.tier ?? '-'}/${q.model} now`);
    if (diffs.length) this.divergences.push({ n, ...(q.purpose && { purpose: q.purpose }), what: diffs.join('; ') });
    return x.response;
  }

  /** Recorded exchanges the replay never asked for. */
  get unused(): number {
    return Math.max(0, this.#rec.exchanges.length - this.served);
  }
}

/** The task line's `task`: the queue block without its line number. */
export function taskOfLine(t: QueueTask): ReplayTaskLine['task'] {
  const { line: _line, ...rest } = t;
  return rest as ReplayTaskLine['task'];
}
