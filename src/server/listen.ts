// Serves the API on a port; resolves once listening with the actual address. A port in use,
// a privileged port or an address not on this machine is a ListenError (UNAVAILABLE: exit 9)
// that says what to do, not a stack trace.
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { AgentOsError } from '../errors.ts';

export interface Listening {
  url: string;
  close: () => Promise<void>;
}

export class ListenError extends AgentOsError<'UNAVAILABLE'> {
  constructor(message: string, cause: unknown) {
    super('UNAVAILABLE', message, { cause });
  }
}

/** The reason a listen failed, and what to do, from the system error code. */
export function listenFailure(err: NodeJS.ErrnoException, hostname: string, port: number): ListenError {
  const where = `${hostname}:${port}`;
  const why: Record<string, string> = {
    EADDRINUSE: `port ${port} on ${hostname} is already in use (another \`agentos run\`?): stop that program, or choose another port with --port N or AGENTOS_PORT (0 picks a free one)`,
    EACCES: `not allowed to listen on ${where} (ports below 1024 need privileges): choose a port from 1024 up with --port N or AGENTOS_PORT`,
    EADDRNOTAVAIL: `cannot listen on ${where}: ${hostname} is not an address of this machine; use --host with one of its addresses (default 127.0.0.1)`,
    ENOTFOUND: `cannot listen on ${where}: no such host "${hostname}"; use --host with an address of this machine (default 127.0.0.1)`,
    EAI_AGAIN: `cannot listen on ${where}: "${hostname}" could not be resolved now; use --host with an IP address`,
  };
  return new ListenError(why[err.code ?? ''] ?? `cannot listen on ${where}: ${err.message}`, err);
}

export function listen(app: Hono, port: number, hostname: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (err: NodeJS.ErrnoException) => reject(listenFailure(err, hostname, port));
    server = serve({ fetch: app.fetch, port, hostname }, (info) => {
      server.off('error', onError);
      resolve({
        url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
    server.once('error', onError);
  });
}
