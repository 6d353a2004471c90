// GET /events: the runtime's events as Server-Sent Events (text/event-stream). Each event has an
// `id:`; a client resumes with the Last-Event-ID header (or ?last_event_id=) from the hub's
// bounded buffer. ?agent=NAME narrows the stream to one agent; ?recent=N starts a new client
// with the newest N buffered events (without Last-Event-ID). Heartbeat comments keep it open.
// Browsers read it with fetch() and a ReadableStream, so the API token goes in a header.
// Under @hono/node-server frames are written straight to the socket (a web ReadableStream per
// client costs several times more CPU per event with 100 clients); elsewhere (app.request in
// tests, other runtimes) through a ReadableStream.
import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { EventHub, HubClient } from './event-hub.ts';

const RETRY_MS = 3000;
const HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' };

export function eventsRoutes(hub: EventHub, knownAgents: () => string[]): Hono<{ Bindings: { outgoing?: ServerResponse } }> {
  const app = new Hono<{ Bindings: { outgoing?: ServerResponse } }>();
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
    const hello = `retry: ${RETRY_MS}\n: agentos events${hub.lastId ? `; newest ${hub.lastId}` : ''}\n\n`;
    const out = c.env?.outgoing;
    if (out && typeof out.writeHead === 'function') return direct(out, hub, hello, agent, last, recent);
    return viaStream(hub, hello, agent, last, recent);
  });
  return app;
}

/** Frames written to the Node response; unread bytes past the bound drop the client. */
function direct(out: ServerResponse, hub: EventHub, hello: string, agent: string | undefined, last: string | undefined, recent: number): Response {
  out.writeHead(200, HEADERS);
  out.write(hello);
  const client: HubClient = {
    agent,
    send(frame) {
      if (out.destroyed || out.writableEnded) return false;
      if (out.writableLength > hub.opts.maxBacklogBytes) return false;
      out.write(frame);
      return true;
    },
    close() {
      if (!out.writableEnded) out.end();
    },
  };
  out.once('close', () => hub.detach(client));
  if (!hub.attach(client, last, recent)) {
    out.end(`event: error\ndata: ${JSON.stringify({ error: 'too many event clients; retry later' })}\n\n`);
  }
  return RESPONSE_ALREADY_SENT;
}

function viaStream(hub: EventHub, hello: string, agent: string | undefined, last: string | undefined, recent: number): Response {
  const encoder = new TextEncoder();
  let client: HubClient | undefined;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      client = {
        agent,
        send(frame) {
          if (closed) return false;
          // Unread bytes queue here; past the bound the client is dropped and resumes later.
          if (-(controller.desiredSize ?? 0) > hub.opts.maxBacklogBytes) return false;
          controller.enqueue(typeof frame === 'string' ? encoder.encode(frame) : frame);
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
      controller.enqueue(encoder.encode(hello));
      if (!hub.attach(client, last, recent)) {
        controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ error: 'too many event clients; retry later' })}\n\n`));
        client.close();
      }
    },
    cancel() {
      closed = true;
      if (client) hub.detach(client);
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 0 }));
  return new Response(body, { headers: HEADERS });
}
