// `agentos mcp` while a daemon holds the data directory: the stdio MCP connection is relayed,
// message by message, to the daemon's POST /mcp with the API token, so the client sees the same
// tools and resources as over HTTP, answered by the one runtime that owns the data. A message the
// daemon cannot take is answered on stdio with a JSON-RPC error that says why.
import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface Bridge {
  /** Resolves when either side closes. */
  closed: Promise<void>;
  close(): Promise<void>;
}

const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: string | number; method: string } => 'method' in m && 'id' in m;

export async function bridgeToDaemon(url: URL, token: string, io: { stdin?: Readable; stdout?: Writable; onError?: (e: Error) => void } = {}): Promise<Bridge> {
  const stdio = new StdioServerTransport(io.stdin, io.stdout);
  const http = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const initializing = new Set<string | number>();
  let closing: Promise<void> | undefined;
  let done!: () => void;
  const closed = new Promise<void>((r) => (done = r));
  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled([http.close(), stdio.close()]);
      done();
    })();
    return closing;
  };

  stdio.onmessage = (m) => {
    if (isRequest(m) && m.method === 'initialize') initializing.add(m.id);
    http.send(m).catch((err: Error) => {
      io.onError?.(err);
      if (!isRequest(m)) return;
      const why = /\b401\b/.test(err.message) ? 'the daemon refused the API token (set AGENTOS_API_TOKEN or pass --token)' : err.message;
      void stdio.send({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: `the AgentOS daemon at ${url.origin} did not take this message: ${why}` } });
    });
  };
  http.onmessage = (m) => {
    // Later requests carry the protocol version the daemon chose, as the SDK's own client does.
    if ('id' in m && 'result' in m && initializing.delete(m.id as string | number)) {
      const v = (m.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof v === 'string') http.setProtocolVersion(v);
    }
    void stdio.send(m);
  };
  http.onerror = (e) => io.onError?.(e);
  stdio.onerror = (e) => io.onError?.(e);
  http.onclose = () => void close();
  stdio.onclose = () => void close();
  await http.start();
  await stdio.start();
  return { closed, close };
}
