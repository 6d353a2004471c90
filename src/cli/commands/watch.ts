// `agentos watch`: follows the daemon's GET /events in the terminal, one line per event, and
// reconnects with Last-Event-ID when the stream drops (so nothing in the buffer is missed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readRuntimeEnv } from '../../config/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';
import { SseParser } from '../sse.ts';
import { formatEvent } from '../watch-format.ts';

export const spec: CommandSpec = {
  name: 'watch',
  summary: "follow a running daemon's events (tasks, tool calls, approvals, votes) in the terminal",
  usage: 'agentos watch [--agent A] [--url URL] [--token T] [--json] [--count N] [--data DIR]',
  options: { agent: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' }, count: { type: 'string' }, 'max-reconnects': { type: 'string' }, quiet: { type: 'boolean' } },
  help: [
    '--agent A           only this agent\'s events',
    '--url URL           the daemon (else http://$AGENTOS_HOST:$AGENTOS_PORT, default http://127.0.0.1:8484)',
    '--token T           the API token (else $AGENTOS_API_TOKEN, else DATA/.agentos/api-token)',
    '--json              one JSON object per line instead of text',
    '--count N           exit after N events',
    '--max-reconnects N  give up after N failed reconnects in a row (default 20)',
    '--quiet             leave out model calls, tool calls and idle notices',
  ],
};

const NOISY = new Set(['model.call', 'tool.called', 'task.model', 'agent.idle']);

function positive(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number above 0`, helpText(spec));
  return n;
}

/** --token, else $AGENTOS_API_TOKEN, else the daemon's token file when it exists. */
export function apiToken(flag: string | undefined, dataDir: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (flag) return flag;
  if (env.AGENTOS_API_TOKEN) return env.AGENTOS_API_TOKEN;
  try {
    return readFileSync(path.join(dataDir, '.agentos', 'api-token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  if (positionals.length) throw new UsageError(`unexpected ${positionals.join(' ')}`, helpText(spec));
  const env = readRuntimeEnv(str(values.data));
  const base = (str(values.url) ?? `http://${env.host.includes(':') ? `[${env.host}]` : env.host}:${env.port}`).replace(/\/+$/, '');
  const count = values.count === undefined ? Infinity : positive(str(values.count), '--count', 1);
  const maxReconnects = positive(str(values['max-reconnects']), '--max-reconnects', 20);
  const token = apiToken(str(values.token), env.dataDir);
  const url = new URL(`${base}/events`);
  const agent = str(values.agent);
  if (agent) url.searchParams.set('agent', agent);

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const parser = new SseParser();
  let seen = 0;
  let failures = 0;
  try {
    while (!stop.signal.aborted) {
      let res: Response;
      try {
        res = await fetch(url, {
          headers: { Accept: 'text/event-stream', ...(token && { Authorization: `Bearer ${token}` }), ...(parser.lastId && { 'Last-Event-ID': parser.lastId }) },
          signal: stop.signal,
        });
      } catch (e) {
        if (stop.signal.aborted) break;
        if (++failures > maxReconnects) return fail(`cannot reach ${base}: ${(e as Error).message} (is \`agentos run\` serving HTTP there?)`);
        await backoff(failures, stop.signal);
        continue;
      }
      if (res.status === 401 || res.status === 403) return fail(`${base} refused the token (${res.status}); pass --token, set AGENTOS_API_TOKEN, or run where DATA/.agentos/api-token is readable`);
      if (!res.ok || !res.body) {
        const why = await res.text().catch(() => '');
        if (res.status === 404) return fail(`${url.pathname}${url.search}: ${why.slice(0, 300)}`);
        if (++failures > maxReconnects) return fail(`${base}/events answered ${res.status}: ${why.slice(0, 300)}`);
        await backoff(failures, stop.signal);
        continue;
      }
      failures = 0;
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body) {
          for (const e of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
            let data: Record<string, unknown>;
            try {
              data = JSON.parse(e.data) as Record<string, unknown>;
            } catch {
              continue;
            }
            if (values.quiet && NOISY.has(String(data.type))) continue;
            out(values.json ? JSON.stringify(data) : formatEvent(data));
            if (++seen >= count) return EXIT.ok;
          }
        }
      } catch (e) {
        if (stop.signal.aborted) break;
        err(`agentos watch: the stream dropped (${(e as Error).message}); reconnecting`);
      }
      if (!stop.signal.aborted) await backoff(1, stop.signal);
    }
    return EXIT.ok;
  } finally {
    stop.abort();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function fail(message: string): number {
  err(`agentos watch: ${message}`);
  return EXIT.failed;
}

/** 0.5 s, 1 s, 2 s … at most 30 s between reconnects. */
function backoff(n: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.min(30_000, 500 * 2 ** (n - 1)));
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
