// GET /events: the runtime's events as Server-Sent Events (text/event-stream). Each event has an
// `id:`; a client resumes with the Last-Event-ID header (or ?last_event_id=) from the hub's
// bounded buffer. ?agent=NAME narrows the stream to one agent; ?recent=N starts a new client
// with the newest N buffered events (without Last-Event-ID). Heartbeat comments keep it open.
// Browsers read it with fetch() and a ReadableStream, so the API token goes in a header.
import { Hono } from 'hono';
import type { EventHub, HubClient } from './event-hub.ts';

const RETRY_MS = 3000;

export function eventsRoutes(hub: EventHub, knownAgents: () => string[]): Hono {
  const app = new Hono();
  app.get('/events', (c) => {
    const agent = c.req.query('agent') || undefined;
    if (agent !== undefined && !knownAgents().includes(agent)) {
      return c.json({ error: `no agent named "${agent}" (agents: ${knownAgents().join(', ') || 'none'}); leave out ?agent= for all` }, 404);
    }
    if (hub.full) {
      const why = hub.size >= hub.opts.maxClients ? `the event stream has its ${hub.opts.maxClients} clients; retry later or raise AGENTOS_EVENTS_MAX_CLIENTS` : 'the daemon is stopping; retry once it is back';
      return c.json({ error: why }, 503, { 'Retry-After': '5' });
    }
    const last = c.req.header('Last-Event-ID') || c.req.query('last_event_id') || undefined;
    const recent = Math.max(0, Math.min(Number(c.req.query('recent') ?? 0) || 0, hub.opts.buffer));
    const encoder = new TextEncoder();
    const backlog = hub.opts.maxBacklog;
    let client: HubClient | undefined;
    let closed = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        client = {
          agent,
          send(frame) {
            if (closed) return false;
            // Unread frames queue here; past the backlog the client is dropped and resumes later.
            if ((controller.desiredSize ?? 0) < -backlog) return false;
            controller.enqueue(encoder.encode(frame));
            return true;
          },
          close() {
            if (closed) return;
            closed = true;
            try {
              controller.close();
            } catch {
              // the reader went away first
            }
          },
        };
        controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n: agentos events${hub.lastId ? `; newest ${hub.lastId}` : ''}\n\n`));
        if (!hub.attach(client, last, recent)) {
          controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ error: 'too many event clients; retry later' })}\n\n`));
          client.close();
        }
      },
      cancel() {
        closed = true;
        if (client) hub.detach(client);
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      },
    });
  });
  return app;
}
