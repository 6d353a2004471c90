// The dashboard's static shell: GET / (index.html) and GET /ui/* (its scripts and styles, plus
// uPlot and Cytoscape served from node_modules: no CDN, works offline). Served without the API
// token — the page holds no data; it asks for the token and sends it with every API request.
// A fixed list of files, read once; a strict Content-Security-Policy (scripts only from here).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const WEB = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const dist = (pkg: string) => path.dirname(fileURLToPath(import.meta.resolve(pkg)));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** URL path under /ui/ → file on disk. */
function assets(): Map<string, string> {
  const files = new Map<string, string>();
  for (const n of ['app.js', 'api.js', 'dom.js', 'stream.js', 'overview.js', 'agent.js', 'charts.js', 'graph.js', 'task.js', 'approvals.js', 'style.css']) files.set(n, path.join(WEB, n));
  files.set('vendor/uplot.esm.js', path.join(dist('uplot'), 'uPlot.esm.js'));
  files.set('vendor/uplot.min.css', path.join(dist('uplot'), 'uPlot.min.css'));
  files.set('vendor/cytoscape.esm.min.mjs', path.join(dist('cytoscape'), 'cytoscape.esm.min.mjs'));
  return files;
}

const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'", "img-src 'self' data:",
  "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** The paths webRoutes serves: public (GET only), since the page holds no data until the person logs in. */
export const WEB_PUBLIC_PATHS: readonly string[] = ['/', '/ui/*'];

export function webRoutes(): Hono {
  const app = new Hono();
  const cache = new Map<string, { body: Buffer; type: string }>();
  const load = (file: string) => {
    let hit = cache.get(file);
    if (!hit) cache.set(file, (hit = { body: readFileSync(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' }));
    return hit;
  };
  const files = assets();
  const send = (file: string) => {
    const { body, type } = load(file);
    return new Response(new Uint8Array(body), {
      headers: { 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' },
    });
  };
  app.get('/', () => send(path.join(WEB, 'index.html')));
  app.get('/ui/*', (c) => {
    const file = files.get(c.req.path.slice('/ui/'.length));
    return file ? send(file) : c.json({ error: `no dashboard file ${c.req.path}` }, 404);
  });
  return app;
}
