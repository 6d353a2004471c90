// POST /mcp: the MCP server over Streamable HTTP, behind the API's guards (bearer token, origin,
// JSON, body size). Stateless: each POST gets its own server and transport (no session to keep or
// lose; any daemon instance can answer), built with the role of the caller's token, and closed
// once its response has been sent. GET and DELETE (a standalone stream, ending a session) have
// nothing to serve here: 405.
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Hono } from 'hono';
import type { ApiEnv, Role } from '../refuse.ts';

export const MCP_PATH = '/mcp';

export function mcpRoutes(build: (role: Role) => McpServer): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post(MCP_PATH, async (c) => {
    const server = build(c.get('role') ?? 'read');
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    const close = () => void server.close().catch(() => {});
    try {
      return whenSent(await transport.handleRequest(c.req.raw), close);
    } catch (err) {
      close();
      throw err;
    }
  });
  app.on(['GET', 'DELETE'], MCP_PATH, (c) =>
    c.json({ jsonrpc: '2.0', error: { code: -32000, message: 'this MCP endpoint is stateless: send every message as a POST (no standalone stream, no session to end)' }, id: null }, 405, { Allow: 'POST' }));
  return app;
}

/** The same response; `done` runs once its body has been read to the end or cancelled. */
function whenSent(res: Response, done: () => void): Response {
  if (!res.body) {
    done();
    return res;
  }
  const reader = res.body.getReader();
  let finished = false;
  const finish = () => {
    if (!finished) (finished = true), done();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          controller.close();
          finish();
        } else controller.enqueue(value);
      } catch (err) {
        controller.error(err);
        finish();
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
