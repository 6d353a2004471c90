// The live event stream: GET /events read with fetch() and a ReadableStream (EventSource cannot
// send the Authorization header), parsed as Server-Sent Events, resumed with Last-Event-ID.
import { authHeaders } from './api.js';

export function follow(onEvent, onState) {
  const stop = new AbortController();
  let lastId;
  let failures = 0;
  (async () => {
    while (!stop.signal.aborted) {
      try {
        const res = await fetch(lastId ? '/events' : '/events?recent=100', { headers: authHeaders({ Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) }), signal: stop.signal, cache: 'no-store' });
        if (res.status === 401) {
          onState('refused');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
        onState('live');
        failures = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        let ev = { event: 'message', data: [], id: undefined };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).replace(/\r$/, '');
            buf = buf.slice(nl + 1);
            if (line === '') {
              if (ev.id !== undefined) lastId = ev.id;
              if (ev.data.length) {
                try {
                  onEvent(JSON.parse(ev.data.join('\n')));
                } catch {
                  // not JSON: ignore
                }
              }
              ev = { event: 'message', data: [], id: undefined };
            } else if (!line.startsWith(':')) {
              const i = line.indexOf(':');
              const field = i < 0 ? line : line.slice(0, i);
              const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
              if (field === 'data') ev.data.push(val);
              else if (field === 'event') ev.event = val;
              else if (field === 'id') ev.id = val;
            }
          }
          if (buf.length > 1 << 20) buf = '';
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      onState('reconnecting');
      failures++;
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** Math.min(failures, 6))));
    }
  })();
  return () => stop.abort();
}
