// The cost ledger's files. Committed: `ledger/<UTC day>/<NNN>.jsonl` in the agent's git
// repository, written in the same commit as the task (or dead letter) that spent the money,
// in chunks of at most ~32 KB so a busy day never makes a commit rewrite a large file.
// Pending: each call is appended at once to `.agentos/ledger/<agent>.pending.jsonl`, so money
// spent by a task that crashes before its commit still counts against the budget, and goes
// into the agent's next commit. Lines carry ids: a replay never counts a call twice.
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileChange } from '../../store/index.ts';
import { MAX_RECORDS } from '../router/router.ts';
import { addSpend, emptySpend, type Spend } from './budget.ts';
import { lineDay, parseLedger, renderLine, type CallLine, type LedgerLine, type LedgerParseError, type TaskLine } from './records.ts';

export const LEDGER_DIR = 'ledger';
export const CHUNK_BYTES = 32 * 1024;

export interface LedgerPaths {
  /** The agent's repository root. */
  agentRoot: string;
  /** The pending-calls file under the data directory's .agentos/. */
  pending: string;
}

export function ledgerPaths(dataDir: string, agent: string): LedgerPaths {
  return {
    agentRoot: path.join(path.resolve(dataDir), 'agents', agent),
    pending: path.join(path.resolve(dataDir), '.agentos', 'ledger', `${agent}.pending.jsonl`),
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

async function chunkNames(agentRoot: string, day: string): Promise<string[]> {
  try {
    return (await readdir(path.join(agentRoot, LEDGER_DIR, day))).filter((f) => /^\d{3,}\.jsonl$/.test(f)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export interface ReadResult {
  lines: LedgerLine[];
  problems: LedgerParseError[];
}

/** Every committed line of one UTC day. */
export async function readDay(agentRoot: string, day: string): Promise<ReadResult> {
  const out: ReadResult = { lines: [], problems: [] };
  for (const name of await chunkNames(agentRoot, day)) {
    const rel = `${LEDGER_DIR}/${day}/${name}`;
    const r = parseLedger(await readText(path.join(agentRoot, rel)), rel);
    out.lines.push(...r.lines);
    out.problems.push(...r.problems);
  }
  return out;
}

export async function readPending(file: string): Promise<ReadResult> {
  return parseLedger(await readText(file), file);
}

/** Days with ledger files, newest first. */
export async function ledgerDays(agentRoot: string): Promise<string[]> {
  try {
    return (await readdir(path.join(agentRoot, LEDGER_DIR))).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort().reverse();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The newest committed task lines (up to `max`, by default what the router keeps), oldest first: what the router relearns from. */
export async function recentTaskLines(agentRoot: string, max = MAX_RECORDS): Promise<TaskLine[]> {
  const out: TaskLine[] = [];
  for (const day of await ledgerDays(agentRoot)) {
    const tasks = (await readDay(agentRoot, day)).lines.filter((l): l is TaskLine => l.kind === 'task');
    out.unshift(...tasks.slice(-(max - out.length)));
    if (out.length >= max) break;
  }
  return out;
}

/** What a day cost, from the files alone (committed plus pending, each call once). */
export async function daySpend(paths: LedgerPaths, day: string): Promise<Spend> {
  const spend = emptySpend();
  const seen = new Set<string>();
  const [committed, pending] = await Promise.all([readDay(paths.agentRoot, day), readPending(paths.pending)]);
  for (const l of [...committed.lines, ...pending.lines]) {
    if (l.kind !== 'call' || lineDay(l) !== day || seen.has(l.id)) continue;
    seen.add(l.id);
    addSpend(spend, l);
  }
  return spend;
}

export class CostBook {
  readonly paths: LedgerPaths;
  private readonly now: () => Date;
  private pending: CallLine[] = [];
  /** Spend already committed, per day seen by this process. */
  private readonly committedSpend = new Map<string, Spend>();
  private loaded = false;
  /** Pending calls were read back from a crash: they may already be in a committed chunk. */
  private recovered = false;
  private dirReady = false;
  /** Lines of today a newer AgentOS wrote: their spend is unknown, so a budget cannot be checked. */
  private newer: LedgerParseError[] = [];

  constructor(paths: LedgerPaths, now: () => Date = () => new Date()) {
    this.paths = paths;
    this.now = now;
  }

  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Reads today's committed spend and any calls a crash left pending. */
  async load(): Promise<LedgerParseError[]> {
    const day = this.today();
    const committed = await readDay(this.paths.agentRoot, day);
    const spend = emptySpend();
    const ids = new Set<string>();
    for (const l of committed.lines) if (l.kind === 'call') (ids.add(l.id), addSpend(spend, l));
    this.committedSpend.set(day, spend);
    const pending = await readPending(this.paths.pending);
    const pendingDays = new Set(pending.lines.map(lineDay));
    for (const d of pendingDays) if (d !== day) for (const l of (await readDay(this.paths.agentRoot, d)).lines) ids.add(l.id);
    this.pending = pending.lines.filter((l): l is CallLine => l.kind === 'call' && !ids.has(l.id));
    this.recovered = pending.lines.length > 0;
    this.loaded = true;
    this.newer = [...committed.problems, ...pending.problems].filter((p) => p.code === 'LEDGER_NEWER');
    return [...committed.problems, ...pending.problems];
  }

  /** Why today's spend cannot be known (lines from a newer AgentOS), or undefined. */
  unreadableSpend(): string | undefined {
    if (!this.newer.length) return undefined;
    return `the cost ledger holds ${this.newer.length} line(s) from a newer AgentOS (first: ${this.newer[0].message}); today's spend cannot be counted against the budget`;
  }

  spentToday(): Spend {
    const day = this.today();
    const s = { ...(this.committedSpend.get(day) ?? emptySpend()) };
    for (const l of this.pending) if (lineDay(l) === day) addSpend(s, l);
    return s;
  }

  /** Calls recorded since the last commit. */
  get uncommitted(): readonly CallLine[] {
    return this.pending;
  }

  /** Counts a call at once (the budget sees it) and appends it to the pending file. */
  async record(line: CallLine): Promise<void> {
    this.pending.push(line);
    if (!this.dirReady) {
      await mkdir(path.dirname(this.paths.pending), { recursive: true });
      this.dirReady = true;
    }
    await appendFile(this.paths.pending, renderLine(line));
  }

  /** File writes that add the pending calls (and a task line) to the committed ledger. */
  async changes(task?: TaskLine): Promise<FileChange[]> {
    if (!this.loaded) await this.load();
    const byDay = new Map<string, LedgerLine[]>();
    for (const l of [...this.pending, ...(task ? [task] : [])]) {
      const d = lineDay(l);
      byDay.set(d, [...(byDay.get(d) ?? []), l]);
    }
    const changes: FileChange[] = [];
    for (const [day, lines] of byDay) {
      const names = await chunkNames(this.paths.agentRoot, day);
      let index = names.length ? Number.parseInt(names[names.length - 1], 10) : 0;
      let content = names.length ? await readText(path.join(this.paths.agentRoot, LEDGER_DIR, day, names[names.length - 1])) : '';
      // A call committed just before a crash emptied the pending file is not written again
      // (only calls read back after a crash can be in a chunk already).
      const have = this.recovered ? new Set(parseLedger(content, 'chunk').lines.map((l) => l.id)) : new Set<string>();
      const text = lines.filter((l) => !have.has(l.id)).map(renderLine).join('');
      if (!text) continue;
      if (content.length > 0 && content.length + text.length > CHUNK_BYTES) {
        index++;
        content = '';
      }
      changes.push({ op: 'write', path: `${LEDGER_DIR}/${day}/${String(index).padStart(3, '0')}.jsonl`, content: content + text });
    }
    return changes;
  }

  /** After the commit that held `changes()`: the pending calls are now committed spend. */
  async committed(): Promise<void> {
    for (const l of this.pending) {
      const d = lineDay(l);
      const s = this.committedSpend.get(d) ?? emptySpend();
      addSpend(s, l);
      this.committedSpend.set(d, s);
    }
    this.pending = [];
    this.recovered = false;
    await rm(this.paths.pending, { force: true });
  }
}
