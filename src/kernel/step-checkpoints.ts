// Step checkpoints: the act loop's state on disk after every model step and around every tool
// call, DATA/.agentos/checkpoints/<agent>/<task>.json (store/checkpoint-format.ts, version 2).
// A tool call's intent is written and flushed to disk (file and folder fsynced) before it runs,
// and its result after, so a crash between the two is seen on restart as a call whose outcome is
// unknown (step-resume.ts). The result (and the model's answer it belongs to) is written atomically
// but not flushed: a killed process loses nothing the kernel has written, and after a power loss
// the file is the intent's, so the call reads as unknown: the safe side. The
// file is removed once the task's commit is durable, or when the task pauses for a person (the
// approval store then holds the loop). Writes are serialized: tools of one step run in parallel.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelMessage } from 'ai';
import { AgentOsError, hasCode } from '../errors.ts';
import type { PendingAction, StepHooks, ToolCallIntent, Usage } from '../models/index.ts';
import {
  CHECKPOINT_VERSION, readCheckpoint, removeFileDurable, runtimeDir, writeFileAtomic,
  type Checkpoint, type CheckpointRecord,
} from '../store/index.ts';

/** A step checkpoint file that cannot be used (the store's CHECKPOINT_CORRUPT code). */
export class StepCheckpointError extends AgentOsError<'CHECKPOINT_CORRUPT'> {}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class StepCheckpoints {
  readonly dir: string;
  readonly agent: string;
  /** Tasks whose checkpoint a newer AgentOS wrote: they wait, never run from their start here. */
  readonly held = new Set<string>();
  /** Hears every write: its size and how long it took to be durable (benchmarks, metrics). */
  onWrite: ((w: { bytes: number; ms: number }) => void) | undefined;
  readonly #onProblem: (message: string) => void;

  constructor(dataDir: string, agent: string, onProblem: (message: string) => void = () => {}) {
    this.dir = path.join(runtimeDir(dataDir), 'checkpoints', agent);
    this.agent = agent;
    this.#onProblem = onProblem;
  }

  file(task: string): string {
    if (!SAFE.test(task)) throw new StepCheckpointError('CHECKPOINT_CORRUPT', `task id ${JSON.stringify(task.slice(0, 100))} cannot name a checkpoint file`);
    return path.join(this.dir, `${task}.json`);
  }

  /** Task ids with a checkpoint file, oldest write first. */
  async tasks(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const dated = await Promise.all(names.filter((n) => n.endsWith('.json') && SAFE.test(n.slice(0, -5))).map(async (n) => ({ n, t: (await fs.stat(path.join(this.dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    return dated.sort((a, b) => a.t - b.t).map((d) => d.n.slice(0, -5));
  }

  /**
   * The task's checkpoint; undefined when there is none. One that does not read is moved aside
   * (`.corrupt-<time>`) and reported: the task then runs from its start. One from a newer AgentOS
   * is left in place and reported: 'newer' (the task must not run here).
   */
  async read(task: string): Promise<Checkpoint | 'newer' | undefined> {
    const file = this.file(task);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new StepCheckpointError('CHECKPOINT_CORRUPT', `${file}: not JSON: ${(e as Error).message}`);
      }
      const cp = readCheckpoint(json, file);
      if (cp.task !== task || cp.agent !== this.agent) throw new StepCheckpointError('CHECKPOINT_CORRUPT', `${file}: holds task ${cp.agent}/${cp.task}, not ${this.agent}/${task}`);
      return cp;
    } catch (e) {
      if (!hasCode(e, 'CHECKPOINT_CORRUPT', 'CHECKPOINT_NEWER')) throw e;
      if (e.code === 'CHECKPOINT_NEWER') {
        if (!this.held.has(task)) this.#onProblem(`${e.message} (left in place; the task waits)`);
        this.held.add(task);
        return 'newer';
      }
      const aside = `${file}.corrupt-${Date.now()}`;
      await fs.rename(file, aside).catch(() => {});
      this.#onProblem(`${e.message}; moved to ${path.basename(aside)} (the task runs again from its start)`);
      return undefined;
    }
  }

  async remove(task: string): Promise<void> {
    await removeFileDurable(this.file(task));
  }

  recorder(init: RecorderInit): StepRecorder {
    return new StepRecorder(this, init);
  }
}

export interface RecorderInit {
  task: string;
  system: string;
  /** Tool call records so far (the act session's), read at each write. */
  records: () => CheckpointRecord[];
  /** Replay exchanges recorded so far for this task, read at each write. */
  exchanges: () => number;
  /** The checkpoint this run resumes (its counts continue; the first write marks the resume). */
  from?: { steps: number; seq: number; usage: Usage };
  now?: () => Date;
}

const ZERO: Usage = { inputTokens: 0, outputTokens: 0 };

/** The act loop's hooks (models/step-hooks.ts) that keep one task's checkpoint. */
export class StepRecorder implements StepHooks {
  readonly state: Checkpoint;
  /** Bytes of the last write (the bench reads it). */
  lastBytes = 0;
  readonly #store: StepCheckpoints;
  readonly #init: RecorderInit;
  #chain: Promise<void> = Promise.resolve();
  #resumeMarked: boolean;
  #wrote = false;

  constructor(store: StepCheckpoints, init: RecorderInit) {
    this.#store = store;
    this.#init = init;
    const at = this.#now();
    this.state = {
      version: CHECKPOINT_VERSION, agent: store.agent, task: init.task, created: at, updated: at, phase: 'running',
      system: init.system, messages: [], requests: [], records: [], usage: { ...(init.from?.usage ?? ZERO) },
      steps: init.from?.steps ?? 0, seq: init.from?.seq ?? 0, exchanges: 0,
    };
    this.#resumeMarked = init.from === undefined;
  }

  #now(): string {
    return (this.#init.now?.() ?? new Date()).toISOString();
  }

  /** Whether this run wrote a checkpoint (a task without tool calls writes none). */
  get wrote(): boolean {
    return this.#wrote;
  }

  /** Writes the state as it is now (flushed to disk when `durable`); writes land in call order, each awaited by its caller. */
  #write(durable = false): Promise<void> {
    const s = this.state;
    s.seq++;
    s.updated = this.#now();
    s.records = this.#init.records();
    s.exchanges = this.#init.exchanges();
    if (!this.#resumeMarked) {
      s.resumedSeq = s.seq;
      this.#resumeMarked = true;
    }
    const text = `${JSON.stringify(s)}\n`;
    this.lastBytes = Buffer.byteLength(text);
    this.#wrote = true;
    const file = this.#store.file(this.state.task);
    const store = this.#store;
    const bytes = this.lastBytes;
    const p = this.#chain.then(async () => {
      const t0 = performance.now();
      await writeFileAtomic(file, text, { fsync: durable });
      store.onWrite?.({ bytes, ms: performance.now() - t0 });
    });
    this.#chain = p.catch(() => {});
    return p;
  }

  async onLoopStart(messages: ModelMessage[]): Promise<void> {
    this.state.messages = messages;
    this.state.open = undefined;
    // A resumed run says so at once: a crash before its next step then counts against the task.
    if (!this.#resumeMarked) await this.#write();
  }

  /** The calls run before this step (approved ones, on a resume) are in these messages now. */
  async onStepStart(messages: ModelMessage[]): Promise<void> {
    this.state.messages = messages;
    this.state.open = undefined;
  }

  /** Kept in memory: the first intent write carries it (a crash before that re-asks the model; nothing ran). */
  async onModelStep(assistant: ModelMessage): Promise<void> {
    this.state.open = { assistant, calls: [] };
  }

  async beforeTool(call: ToolCallIntent): Promise<void> {
    this.state.open ??= { calls: [] };
    this.state.open.calls.push({ toolCallId: call.toolCallId, tool: call.toolName, input: call.input, state: 'started', started: this.#now() });
    await this.#write(true);
  }

  async afterTool(call: ToolCallIntent, output: unknown): Promise<void> {
    const c = this.state.open?.calls.find((x) => x.toolCallId === call.toolCallId && x.state === 'started');
    if (!c) return;
    Object.assign(c, { state: 'done', ended: this.#now(), output });
    await this.#write();
  }

  /**
   * In memory only: the step's results are on disk already (the last result write), and the next
   * step's first intent write carries the conversation; a step without tool calls is the final answer.
   */
  async onStepFinish(messages: ModelMessage[], usage: Usage): Promise<void> {
    this.state.messages = messages;
    this.state.open = undefined;
    this.state.steps++;
    this.state.usage = { inputTokens: this.state.usage.inputTokens + usage.inputTokens, outputTokens: this.state.usage.outputTokens + usage.outputTokens };
  }

  /** The loop stopped for a person: kept until the approval store holds the pause. */
  async paused(messages: ModelMessage[], pending: PendingAction[]): Promise<void> {
    Object.assign(this.state, { phase: 'paused', messages, open: undefined, pending: pending.map((p) => ({ ...p })) });
    await this.#write(true);
  }
}
