// A test client for GET /events: reads the stream with fetch, parses it, waits for events.
import { SseParser, type SseEvent } from '../../src/cli/sse.ts';

export interface Stream {
  res: Response;
  events: (SseEvent & { json: Record<string, unknown> })[];
  /** Resolves with the first event (already seen or to come) matching `pred`. */
  until(pred: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<Stream> {
  const stop = new AbortController();
  const res = await fetch(url, { headers, signal: stop.signal });
  const events: Stream['events'] = [];
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          for (const e of parser.push(decoder.decode(chunk, { stream: true }))) {
            events.push({ ...e, json: JSON.parse(e.data) as Record<string, unknown> });
            for (const w of waiters) w();
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    res, events,
    until(pred, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find((e) => pred(e.json));
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit.json);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; saw: ${events.map((e) => `${e.event}:${String(e.json.task ?? '')}`).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => stop.abort(),
  };
}
