// Serves the API on a port; resolves once listening with the actual address.
import { serve, type ServerType } from '@hono/node-server';

export interface Listening {
  url: string;
  close: () => Promise<void>;
}

/** Anything with Hono's fetch (the API app, whatever its environment type). */
export interface Fetcher {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fetch: (request: Request, ...rest: any[]) => Response | Promise<Response>;
}

export function listen(app: Fetcher, port: number, hostname: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (err: Error) => reject(new Error(`cannot listen on ${hostname}:${port}: ${err.message}`));
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
