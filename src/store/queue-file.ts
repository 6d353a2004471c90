// One agent's queue.md on disk. Rewrites never lose a person's concurrent `cat >> queue.md`:
// we rename a new file into place, then move over whatever was appended to the old inode,
// and keep watching the old inode for a grace period for writers that opened it before the rename.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { QueueTask, RejectedBlock } from './types.ts';
import { parseQueue, serializeTask, splitBlocks, taskSpans, matchRawBlocks, type BlockSpan, type NewTask, type PartialBlock, type QueueLimits } from './queue-codec.ts';
import { tempPathFor, fsyncDir } from './atomic.ts';
import { DuplicateTaskError } from './errors.ts';
import { formatRejected, REJECTED_PREAMBLE } from './rejected-file.ts';
import { cutBytes, openIfExists, readAll, readSettled, wholeLength } from './queue-bytes.ts';
import { advanceHold, createHold, leftoverHolds, releaseHold } from './queue-hold.ts';

export interface QueueSnapshot {
  text: string;
  tasks: QueueTask[];
  rejected: RejectedBlock[];
  /** A last block still being written: neither run nor rejected yet. */
  partial: PartialBlock | null;
}

export interface QueueFileOptions {
  /** How long an old inode is watched for late appends after a rewrite (default 2000 ms). */
  graceMs?: number;
  /** A last block changed less than this ago and unfinished or malformed is held back (default 2000 ms). */
  settleMs?: number;
  /** fsync writes (default true). */
  fsync?: boolean;
  /** Called when a background drain of an old inode fails (it is retried on the next operation). */
  onError?: (e: unknown) => void;
  /** Bytes and keys per block, task size (agents.yaml `queue:`). */
  limits?: QueueLimits;
}

/** How often an old inode with bytes waiting on it (a writer inside a block) is looked at again. */
const DRAIN_QUIET_MS = 50;
/** How long a half-written block appended during a commit is waited for before the rewrite copies it. */
const SINCE_QUIET_MS = 30;

interface OldInode {
  fh: fsp.FileHandle;
  offset: number;
  until: number;
  /** The hard link that keeps this inode after a crash (queue-hold.ts). */
  hold: string | undefined;
}

export class QueueFile {
  readonly path: string;
  readonly rejectedPath: string;
  #grace: number;
  #settle: number;
  #sync: boolean;
  #onError: (e: unknown) => void;
  #limits: QueueLimits | undefined;
  #old: OldInode[] = [];
  #tail: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(path: string, rejectedPath: string, opts: QueueFileOptions = {}) {
    this.path = path;
    this.rejectedPath = rejectedPath;
    this.#grace = opts.graceMs ?? 2000;
    this.#settle = opts.settleMs ?? 2000;
    this.#sync = opts.fsync !== false;
    this.#onError = opts.onError ?? (() => {});
    this.#limits = opts.limits;
  }

  /** Bytes moved from old inodes to the live file so far (late appends that a plain rename would lose). */
  movedBytes = 0;

  /** Old inodes still watched for late appends. */
  get draining(): number {
    return this.#old.length;
  }

  /** Run operations one at a time, in call order. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => {});
    return run;
  }

  async read(): Promise<QueueSnapshot> {
    return this.#exclusive(async () => {
      await this.#drain();
      const fh = await openIfExists(this.path);
      if (!fh) return { text: '', tasks: [], rejected: [], partial: null };
      try {
        const st = await fh.stat();
        const text = (await readSettled(fh)).toString('utf8');
        return this.#parse(text, this.#settle > 0 && Date.now() - st.mtimeMs < this.#settle);
      } finally {
        await fh.close();
      }
    });
  }

  #parse(text: string, fresh: boolean): QueueSnapshot {
    const q = parseQueue(text, { holdPartialTail: fresh, limits: this.#limits });
    const spans = splitBlocks(text);
    const last = spans[spans.length - 1];
    // A malformed last block written just now may be an append still in progress: wait.
    const i = q.rejected.findIndex((r) => last && r.line === last.line);
    if (fresh && i !== -1 && !q.partial) {
      const [r] = q.rejected.splice(i, 1);
      q.partial = { line: r.line, raw: r.raw };
    }
    return { text, ...q };
  }

  /**
   * Remove the tasks with these ids; returns the new text. `removed`, when given, receives the
   * exact text of each block cut (for `restore` if the commit that removes them fails).
   */
  async remove(ids: string[], removed?: string[]): Promise<string> {
    return this.#exclusive(() =>
      this.#rewrite((text) => {
        const spans = taskSpans(text, ids, this.#limits);
        removed?.push(...spans.map((s) => text.slice(s.start, s.end)));
        return spans;
      }),
    );
  }

  /**
   * Take tasks out of queue.md in step with the commit that records it. `commit` gets the bytes
   * queue.md is to hold in that commit (the file as it is now minus the blocks of `ids`; null when
   * there is no queue.md), the blocks cut, and `rewrite`, to call once that commit is durable: it
   * puts those bytes in place, keeping every append that landed meanwhile (moved over from the old
   * inode as `remove` does), without fsync: the commit is the durable copy, and a crash before the
   * rewrite is repaired from it at start. Until then queue.md is untouched, so a commit that fails
   * leaves every task queued. Other operations on this queue wait until `commit` settles.
   */
  async dequeue<T>(ids: string[], commit: (next: Buffer | null, blocks: string[], rewrite: () => Promise<void>) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      await this.#drain();
      const fh = await openIfExists(this.path);
      if (!fh) return commit(null, [], async () => {});
      let handedOver = false;
      let rewritten = false;
      try {
        const st = await fh.stat();
        // A block still being written stays on this file, beyond what is replaced, and moves over whole.
        const read = await readSettled(fh);
        const buf = read.subarray(0, wholeTail(read, ids));
        const text = buf.toString('utf8');
        const spans = taskSpans(text, ids, this.#limits);
        const next = cutBytes(buf, text, spans);
        const rewrite = async () => {
          if (rewritten || !spans.length) return;
          await this.#replace(fh, st.mode, buf.length, next, false, () => (handedOver = true));
          rewritten = true;
        };
        return await commit(next, spans.map((s) => text.slice(s.start, s.end)), rewrite);
      } finally {
        if (!handedOver) await fh.close();
      }
    });
  }

  /** Append blocks cut by `remove` back to the end of queue.md, exactly as they were (a failed commit). */
  async restore(blocks: string[]): Promise<void> {
    if (!blocks.length) return;
    return this.#exclusive(async () => {
      await this.#drain();
      const fh = await openIfExists(this.path);
      let last = '\n';
      if (fh) {
        try {
          const { size } = await fh.stat();
          if (size > 0) {
            const b = Buffer.alloc(1);
            await fh.read(b, 0, 1, size - 1);
            last = b.toString('latin1');
          }
        } finally {
          await fh.close();
        }
      } else await fsp.mkdir(path.dirname(this.path), { recursive: true });
      const text = blocks.map((b) => (b.endsWith('\n') ? b : `${b}\n`)).join('');
      await this.#appendBytes(this.path, Buffer.from((last === '\n' ? '' : '\n') + text), !fh);
    });
  }

  /** Append a task block with O_APPEND; refuses an id that queue.md already holds. */
  async append(t: NewTask): Promise<void> {
    const block = serializeTask(t);
    return this.#exclusive(async () => {
      await this.#drain();
      const fh = await openIfExists(this.path);
      let text = '';
      if (fh) {
        try {
          text = (await readAll(fh)).toString('utf8');
        } finally {
          await fh.close();
        }
      }
      const dup = splitBlocks(text).find((s) => s.header === t.id);
      if (dup) throw new DuplicateTaskError(this.path, t.id, dup.line);
      if (!fh) await fsp.mkdir(path.dirname(this.path), { recursive: true });
      // The folder is flushed too: a dequeue's rewrite (any process's) renames queue.md without
      // flushing it, and an acknowledged task must not sit in an inode a power cut could unname.
      await this.#appendBytes(this.path, Buffer.from(block), true);
    });
  }

  /** Move blocks to the rejected file (with reason, line and time), then out of queue.md. */
  async quarantine(blocks: RejectedBlock[]): Promise<void> {
    if (!blocks.length) return;
    return this.#exclusive(async () => {
      let matched: RejectedBlock[] = [];
      const choose = (text: string) => {
        const hits = matchRawBlocks(text, blocks);
        matched = blocks.filter((_, i) => hits[i]);
        return hits.filter((h) => h !== undefined);
      };
      // Written to the rejected file before queue.md changes: a crash in between duplicates, never loses.
      await this.#rewrite(choose, () => this.#appendRejected(matched));
    });
  }

  async #appendRejected(blocks: RejectedBlock[]): Promise<void> {
    let size = 0;
    try {
      size = (await fsp.stat(this.rejectedPath)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await fsp.mkdir(path.dirname(this.rejectedPath), { recursive: true });
    }
    const now = new Date();
    const entries = blocks.map((b) => formatRejected(b, now)).join('');
    await this.#appendBytes(this.rejectedPath, Buffer.from((size === 0 ? REJECTED_PREAMBLE : '') + entries), size === 0);
  }

  /**
   * After a crash: appends that reached an old inode which the dead process had not moved over
   * yet are appended now (bytes already present in queue.md are not appended twice). Only the
   * process that owns the queue's rewrites may call this. Returns the bytes recovered.
   */
  async recoverHolds(): Promise<number> {
    return this.#exclusive(async () => {
      let recovered = 0;
      for (const { hold, extra } of await leftoverHolds(this.path)) {
        const live = await fsp.readFile(this.path).catch(() => Buffer.alloc(0));
        if (extra.length && !live.includes(extra)) {
          await this.#appendBytes(this.path, extra, live.length === 0);
          recovered += extra.length;
        }
        await releaseHold(hold);
      }
      return recovered;
    });
  }

  /** Move over late appends, stop watching old inodes. Never rejects (errors go to onError). */
  async close(): Promise<void> {
    return this.#exclusive(async () => {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      for (const o of this.#old) o.until = 0;
      try {
        await this.#drain();
      } catch (e) {
        this.#onError(e);
        for (const o of this.#old.splice(0)) await o.fh.close().catch(() => {});
      }
    });
  }

  async #appendBytes(file: string, bytes: Buffer, flushDir: boolean): Promise<void> {
    if (!bytes.length) return;
    const fh = await fsp.open(file, 'a');
    try {
      await fh.write(bytes);
      if (this.#sync) await fh.sync();
    } finally {
      await fh.close();
    }
    if (flushDir && this.#sync) await fsyncDir(path.dirname(file));
  }

  /** Read, cut the chosen spans out of the bytes, rename the result into place, move late appends over. */
  async #rewrite(choose: (text: string) => BlockSpan[], before?: () => Promise<void>): Promise<string> {
    await this.#drain();
    const fh = await openIfExists(this.path);
    if (!fh) return '';
    let handedOver = false;
    try {
      const st = await fh.stat();
      const buf = await readSettled(fh);
      const text = buf.toString('utf8');
      const cut = choose(text);
      if (!cut.length) return text;
      const next = cutBytes(buf, text, cut);
      await before?.();
      const moved = await this.#replace(fh, st.mode, buf.length, next, this.#sync, () => (handedOver = true));
      return next.toString('utf8') + moved;
    } finally {
      if (!handedOver) await fh.close();
    }
  }

  /**
   * Put `next` in place of the file open as `fh` (whose first `offset` bytes it replaces) by
   * rename; appends beyond `offset` on the old inode are moved over now and for the grace period.
   * `handOver` is called once `fh` belongs to the drain list (the caller must not close it then).
   */
  async #replace(fh: fsp.FileHandle, mode: number, offset: number, next: Buffer, sync: boolean, handOver: () => void): Promise<string> {
    const tmp = tempPathFor(this.path);
    const out = await fsp.open(tmp, 'wx');
    let since: Buffer = Buffer.alloc(0);
    try {
      await out.chmod(mode & 0o7777);
      await out.write(next);
      // What was appended since `offset` was read goes in now, in order: only what lands in the
      // instant before the rename is left to the drain (a writer that opens the file anew for
      // each part of one block could otherwise see its parts land in two files).
      // A half block (a writer pausing inside it) is waited for: copied half, its rest would land
      // on the old inode after appends to the new file, inside another block.
      since = await readSettled(fh, offset, SINCE_QUIET_MS);
      since = since.subarray(0, wholeLength(since));
      if (since.length) {
        await out.write(since);
        offset += since.length;
      }
      if (sync) await out.sync();
    } finally {
      await out.close();
    }
    const hold = await createHold(this.path, offset);
    try {
      await fsp.rename(tmp, this.path);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      await releaseHold(hold);
      throw e;
    }
    if (sync) await fsyncDir(path.dirname(this.path));
    // From here on the old inode belongs to the drain list: its appends beyond offset are not ours to lose.
    this.#old.push({ fh, offset, until: Date.now() + this.#grace, hold });
    handOver();
    const moved = await this.#drain();
    this.#schedule();
    return since.toString('utf8') + moved;
  }

  /** Append bytes that arrived on old inodes (oldest first) to the live file; close those past their grace. */
  async #drain(): Promise<string> {
    let moved = '';
    for (const o of this.#old) {
      // fstat is a cheap in-memory check; most old inodes have received nothing.
      if (fs.fstatSync(o.fh.fd).size <= o.offset) continue;
      const read = await readSettled(o.fh, o.offset);
      // A block whose writer is still inside it stays on the old inode until it is finished (or the
      // grace ends): moving half of it would let an append to the new file land inside the block.
      const extra = Date.now() < o.until ? read.subarray(0, wholeLength(read)) : read;
      if (!extra.length) continue;
      await this.#appendBytes(this.path, extra, false);
      o.offset += extra.length;
      if (o.hold) o.hold = await advanceHold(o.hold, o.offset);
      this.movedBytes += extra.length;
      moved += extra.toString('utf8');
    }
    while (this.#old.length && Date.now() >= this.#old[0].until) {
      const o = this.#old.shift()!;
      await o.fh.close();
      await releaseHold(o.hold);
    }
    return moved;
  }

  #schedule(): void {
    if (this.#timer || !this.#old.length) return;
    const waiting = this.#old.some((o) => fs.fstatSync(o.fh.fd).size > o.offset);
    const wait = Math.min(Math.max(0, Math.min(...this.#old.map((o) => o.until)) - Date.now()) + 10, waiting ? DRAIN_QUIET_MS : Infinity);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#exclusive(() => this.#drain())
        .catch(this.#onError)
        .finally(() => this.#schedule());
    }, wait);
    this.#timer.unref();
  }
}

/**
 * What a dequeue replaces: the whole blocks (wholeLength), unless the unfinished last block is
 * one being dequeued (a settled block without a final newline, as editors save): then all of it.
 */
function wholeTail(read: Buffer, ids: readonly string[]): number {
  const whole = wholeLength(read);
  const tail = read.subarray(whole).toString('utf8');
  const header = tail.startsWith('## ') ? tail.slice(3, (tail.indexOf('\n') + 1 || tail.length + 1) - 1).trim() : undefined;
  return header !== undefined && ids.includes(header) ? read.length : whole;
}
