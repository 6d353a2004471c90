// An incremental Server-Sent Events parser (the WHATWG rules AgentOS's stream uses: `id:`,
// `event:`, `data:` lines, a blank line ends an event, `:` lines are comments). Pure.
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Longest line accepted; a longer one is cut (a broken or hostile server cannot exhaust memory). */
export const SSE_LINE_MAX = 1024 * 1024;

export class SseParser {
  private buf = '';
  private id: string | undefined;
  private event = '';
  private data: string[] = [];
  /** The last id seen: what a reconnect sends as Last-Event-ID. */
  lastId: string | undefined;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.buf += chunk;
    const out: SseEvent[] = [];
    let nl: number;
    while ((nl = this.buf.search(/\r\n|\r|\n/)) >= 0) {
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (this.buf[nl] === '\r' && nl === this.buf.length - 1) break;
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + (this.buf.startsWith('\r\n', nl) ? 2 : 1));
      const e = this.line(line);
      if (e) out.push(e);
    }
    if (this.buf.length > SSE_LINE_MAX) this.buf = this.buf.slice(0, SSE_LINE_MAX);
    return out;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      if (this.data.length === 0 && !this.event) return undefined;
      const e: SseEvent = { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined && { id: this.id }) };
      if (this.id !== undefined) this.lastId = this.id;
      this.event = '';
      this.data = [];
      this.id = undefined;
      return e;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }
}
