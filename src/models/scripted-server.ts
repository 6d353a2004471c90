// A real HTTP model server whose replies come from a script: for tests, the offline
// demo and benchmarks. It speaks OpenAI chat-completions or Anthropic Messages,
// non-streaming only, on 127.0.0.1 at a free port.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeAnthropic, decodeOpenAI, encodeTurn, errorBody } from './scripted-formats.ts';
import type { Reply, ScriptFormat, ScriptRequest } from './scripted-formats.ts';

export type {
  Reply,
  ScriptFormat,
  ScriptMessage,
  ScriptRequest,
  ScriptResponseFormat,
  ScriptTool,
  ScriptToolCall,
  TurnReply,
} from './scripted-formats.ts';

export type Script = (req: ScriptRequest) => Reply | Promise<Reply>;

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the raw text when it was not JSON). */
  body: any;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface ScriptedServer {
  /** Base URL including /v1, ready for ModelSettings.baseURL. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  format: ScriptFormat;
  script: Script;
}

const PATHS: Record<ScriptFormat, string[]> = {
  openai: ['/v1/chat/completions', '/chat/completions'],
  anthropic: ['/v1/messages', '/messages'],
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(text);
}

async function answer(format: ScriptFormat, req: ScriptRequest, reply: Reply, res: ServerResponse): Promise<void> {
  for (;;) {
    if ('delayMs' in reply) {
      const { delayMs, then } = reply;
      await new Promise((r) => setTimeout(r, delayMs));
      if (res.destroyed) return; // the client gave up while we slept
      reply = then;
      continue;
    }
    if ('hang' in reply) return; // never answer: close() tears the socket down
    if ('reset' in reply) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"id":"chatcmpl-reset","choices":[{"message":{"role":"assistant","content":"');
      setImmediate(() => res.socket?.destroy());
      return;
    }
    if ('raw' in reply) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(reply.raw);
      return;
    }
    if ('status' in reply) {
      const body = reply.body ?? errorBody(format, reply.status, `scripted fault: HTTP ${reply.status}`);
      send(res, reply.status, body, reply.headers);
      return;
    }
    send(res, 200, encodeTurn(format, req, reply, String(req.body.model ?? 'scripted')));
    return;
  }
}

export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const { format, script } = options;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any = text;
        try {
          body = JSON.parse(text);
        } catch {
          // recorded as text; rejected below
        }
        const path = (req.url ?? '/').split('?')[0];
        const index = requests.length;
        requests.push({ index, method: req.method ?? '', path, headers: req.headers, body, receivedAt: Date.now() });
        if (req.method !== 'POST' || !PATHS[format].includes(path)) {
          return send(res, 404, errorBody(format, 404, `scripted ${format} server: no route ${req.method} ${path}`));
        }
        if (typeof body !== 'object' || body === null) {
          return send(res, 400, errorBody(format, 400, 'scripted server: request body is not JSON'));
        }
        if (body.stream === true) {
          return send(res, 400, errorBody(format, 400, 'scripted server: streaming is not supported'));
        }
        const decoded = format === 'openai' ? decodeOpenAI(body, index) : decodeAnthropic(body, index);
        try {
          await answer(format, decoded, await script(decoded), res);
        } catch (error) {
          if (!res.headersSent) send(res, 500, errorBody(format, 500, `scripted server: script threw: ${(error as Error).message}`));
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
