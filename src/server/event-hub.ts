// The live event stream behind GET /events: every runtime event gets an id and is kept in a
// bounded ring (for Last-Event-ID resume), serialised once, and fanned out to at most
// `maxClients` clients. A client that cannot keep up (more than `maxBacklogBytes` unread) is
// closed; it resumes with Last-Event-ID. Ids are "<boot>-<seq>": an id from an earlier run of the
// daemon is recognised as such, and the client gets a `gap` event and what the ring holds.
// Frames are sent every `flushMs` as one write per client, and clients with the same filter share
// one encoded buffer: with 100 clients a task's events cost about one socket write per client,
// not one per event and client. `task.model` is not streamed: `model.call` says the same.
import { randomBytes } from 'node:crypto';
import type { RuntimeEvent, RuntimeEvents } from '../kernel/index.ts';

export interface EventHubOptions {
  /** Events kept for resume (AGENTOS_EVENTS_BUFFER). */
  buffer: number;
  /** Connected clients at most (AGENTOS_EVENTS_MAX_CLIENTS); one more gets 503. */
  maxClients: number;
  /** A comment line this often keeps proxies from closing an idle stream (AGENTOS_EVENTS_HEARTBEAT). */
  heartbeatMs: number;
  /** Bytes a client may leave unread before it is dropped (it resumes with Last-Event-ID). */
  maxBacklogBytes?: number;
  /** Frames are batched for this long before they are written (AGENTOS_EVENTS_FLUSH_MS; 0: the next turn). */
  flushMs?: number;
}

export /** Event types kept off the stream (still seen by metrics and in-process listeners). */
const NOT_STREAMED = new Set(['task.model']);

export const EVENT_HUB_DEFAULTS: EventHubOptions = { buffer: 1000, maxClients: 200, heartbeatMs: 15_000, maxBacklogBytes: 1 << 20, flushMs: 250 };

interface Frame {
  seq: number;
  agent: string;
  text: string;
}

export interface HubClient {
  agent?: string;
  /** Receives SSE frames (already formatted); returns false when the client is full. */
  send(frames: string | Uint8Array): boolean;
  close(): void;
}

export class EventHub {
  readonly opts: Required<EventHubOptions>;
  readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly ring: (Frame | undefined)[];
  private readonly clients = new Set<HubClient>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  /** Frames waiting for the next flush; `all` (heartbeats) go to every client whatever its filter. */
  private batch: { agent: string; text: string; all?: boolean }[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(events: RuntimeEvents, opts: Partial<EventHubOptions> = {}) {
    this.opts = { ...EVENT_HUB_DEFAULTS, maxBacklogBytes: 1 << 20, flushMs: 250, ...opts } as Required<EventHubOptions>;
    this.ring = new Array(Math.max(1, this.opts.buffer));
    const on = (e: RuntimeEvent) => this.publish(e);
    events.on('event', on);
    this.unsubscribe = () => events.off('event', on);
    this.heartbeat = setInterval(() => this.broadcast(`: heartbeat ${new Date().toISOString()}\n\n`), this.opts.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** No room for another client (or the hub is closed: the daemon is stopping). */
  get full(): boolean {
    return this.closed || this.clients.size >= this.opts.maxClients;
  }

  /** The id of the newest event (what a client resumes from), or undefined before the first. */
  get lastId(): string | undefined {
    return this.seq ? `${this.boot}-${this.seq}` : undefined;
  }

  private publish(e: RuntimeEvent): void {
    if (NOT_STREAMED.has(e.type)) return;
    try {
      const seq = ++this.seq;
      const frame: Frame = { seq, agent: e.agent ?? '', text: `id: ${this.boot}-${seq}\nevent: ${e.type}\ndata: ${JSON.stringify({ ...e, id: `${this.boot}-${seq}`, at: 'at' in e ? e.at : Date.now() })}\n\n` };
      this.ring[seq % this.ring.length] = frame;
      if (this.clients.size) this.queue(frame);
    } catch {
      // an unserialisable event must never fail the task that emitted it
    }
  }

  private queue(frame: { agent: string; text: string; all?: boolean }): void {
    this.batch.push(frame);
    if (this.flushTimer) return;
    this.flushTimer = this.opts.flushMs > 0 ? setTimeout(() => this.flush(), this.opts.flushMs) : (setImmediate(() => this.flush()) as unknown as NodeJS.Timeout);
  }

  /** Sends what the batch holds: one buffer per client filter, one write per client. */
  flush(): void {
    this.flushTimer = undefined;
    const frames = this.batch;
    this.batch = [];
    if (!frames.length) return;
    const byFilter = new Map<string, Uint8Array | null>();
    for (const c of [...this.clients]) {
      const key = c.agent ?? '';
      let buf = byFilter.get(key);
      if (buf === undefined) {
        const text = frames.filter((f) => f.all || !c.agent || f.agent === c.agent).map((f) => f.text).join('');
        buf = text ? Buffer.from(text) : null;
        byFilter.set(key, buf);
      }
      if (!buf) continue;
      let ok = false;
      try {
        ok = c.send(buf);
      } catch {
        ok = false;
      }
      if (!ok) this.drop(c);
    }
  }

  private broadcast(text: string): void {
    if (this.clients.size) this.queue({ agent: '', text, all: true });
  }

  /**
   * Adds a client: first what it missed since `lastEventId` (or a `gap` event when the ring no
   * longer holds it), then live events. Returns false when `maxClients` are connected.
   */
  attach(c: HubClient, lastEventId?: string, recent = 0): boolean {
    if (this.full) return false;
    this.flush(); // what was batched before this client came is in its replay, not its stream
    for (const text of lastEventId ? this.replay(lastEventId, c.agent) : this.recent(recent, c.agent)) c.send(text);
    this.clients.add(c);
    return true;
  }

  detach(c: HubClient): void {
    this.clients.delete(c);
  }

  private drop(c: HubClient): void {
    this.clients.delete(c);
    try {
      c.close();
    } catch {
      // already gone
    }
  }

  /** The newest `n` buffered frames (a new client's backlog, e.g. the dashboard's feed). */
  recent(n: number, agent?: string): string[] {
    const out: string[] = [];
    for (let s = this.seq; s > 0 && s > this.seq - this.ring.length && out.length < n; s--) {
      const f = this.ring[s % this.ring.length];
      if (f && f.seq === s && (!agent || f.agent === agent)) out.push(f.text);
    }
    return out.reverse();
  }

  /** Frames after `lastEventId`; none without one (a new client sees only what comes next). */
  replay(lastEventId: string | undefined, agent?: string): string[] {
    if (!lastEventId) return [];
    const m = /^([0-9a-f]+)-(\d+)$/.exec(lastEventId.trim());
    const oldest = Math.max(1, this.seq - this.ring.length + 1);
    let from: number;
    let gap: { missed: number | null; reason: string } | undefined;
    if (!m || m[1] !== this.boot) {
      from = oldest;
      gap = { missed: null, reason: m ? 'the daemon restarted since that event' : 'not an event id of this stream' };
    } else {
      const last = Number(m[2]);
      from = last + 1;
      if (last > this.seq) {
        from = oldest;
        gap = { missed: null, reason: 'that id is newer than this stream' };
      } else if (from < oldest) {
        gap = { missed: oldest - from, reason: `the buffer keeps the last ${this.ring.length} events` };
        from = oldest;
      }
    }
    const out: string[] = [];
    if (gap) out.push(`event: gap\ndata: ${JSON.stringify({ type: 'gap', ...gap, resumed_from: from <= this.seq ? `${this.boot}-${from}` : null })}\n\n`);
    for (let s = from; s <= this.seq; s++) {
      const f = this.ring[s % this.ring.length];
      if (f && f.seq === s && (!agent || f.agent === agent)) out.push(f.text);
    }
    return out;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    this.flush();
    this.unsubscribe();
    for (const c of [...this.clients]) this.drop(c);
  }
}
