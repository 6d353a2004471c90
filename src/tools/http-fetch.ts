// http_fetch: GET (or HEAD) a URL on an allowlisted host. Every hop — the first request
// and each redirect — checks the host against the allowlist, resolves DNS, requires every
// resolved address to be public (net-guard.ts), and connects to the address it checked
// (no second lookup a rebinding DNS server could answer differently). Size and time capped.
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { ToolError } from './errors.ts';
import { hostAllowed } from './policy/globs.ts';
import { publicAddress } from './net-guard.ts';

const MAX_REDIRECTS = 5;

export interface FetchInput {
  url: string;
  method?: 'GET' | 'HEAD';
}

export interface FetchOptions {
  hosts: string[];
  maxBytes: number;
  timeoutMs: number;
  /** Test-only: let loopback addresses through (never set from agents.yaml). */
  allowLoopback?: boolean;
  signal?: AbortSignal;
}

export interface FetchResult {
  url: string;
  status: number;
  content_type: string;
  body: string;
  bytes: number;
  truncated: boolean;
  redirects: string[];
}

/** Resolves `host` and returns one address that passed, or throws naming the one that did not. */
export async function vetHost(host: string, opts: Pick<FetchOptions, 'hosts' | 'allowLoopback'>): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!hostAllowed(bare, opts.hosts)) throw new ToolError('NETWORK_DENIED', `host '${bare}' is not in network.allow (${opts.hosts.join(', ') || 'empty'})`);
  let addrs: { address: string; family: number }[];
  if (net.isIP(bare)) addrs = [{ address: bare, family: net.isIP(bare) }];
  else {
    try {
      addrs = await dns.lookup(bare, { all: true, verbatim: true });
    } catch (e) {
      throw new ToolError('FETCH_FAILED', `cannot resolve '${bare}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (addrs.length === 0) throw new ToolError('FETCH_FAILED', `'${bare}' has no addresses`);
  for (const a of addrs) {
    const v = publicAddress(a.address, opts.allowLoopback);
    if (!v.ok) throw new ToolError('NETWORK_DENIED', `'${bare}' resolves to ${a.address}: ${v.reason}; refused`);
  }
  return addrs[0];
}

export async function httpFetchTool(input: FetchInput, opts: FetchOptions): Promise<FetchResult> {
  const method = input.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw new ToolError('NETWORK_DENIED', `method ${String(method)} is not allowed; http_fetch only reads (GET, HEAD)`);
  const redirects: string[] = [];
  let url = parseUrl(input.url);
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
  for (let hop = 0; ; hop++) {
    const target = await vetHost(url.hostname, opts);
    const res = await request(url, method, target, opts.maxBytes, signal).catch((e) => {
      if (deadline.aborted) throw new ToolError('FETCH_FAILED', `no complete answer from ${url.host} within ${opts.timeoutMs / 1000} s`);
      throw e instanceof ToolError ? e : new ToolError('FETCH_FAILED', `${url.host}: ${(e as Error).message}`);
    });
    if (res.status >= 300 && res.status < 400 && res.location) {
      if (hop >= MAX_REDIRECTS) throw new ToolError('FETCH_FAILED', `more than ${MAX_REDIRECTS} redirects`);
      url = parseUrl(new URL(res.location, url).toString());
      redirects.push(url.toString());
      continue;
    }
    const binary = res.body.includes(0);
    return {
      url: url.toString(), status: res.status, content_type: res.contentType, redirects, truncated: res.truncated, bytes: res.body.length,
      body: binary ? `[binary content, ${res.body.length} bytes, not shown]` : res.body.toString('utf8'),
    };
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ToolError('FETCH_FAILED', `'${String(raw).slice(0, 200)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ToolError('NETWORK_DENIED', `scheme ${url.protocol} is not allowed; only http and https`);
  if (url.username || url.password) throw new ToolError('NETWORK_DENIED', 'URLs with credentials are not allowed');
  return url;
}

interface RawResponse {
  status: number;
  contentType: string;
  location?: string;
  body: Buffer;
  truncated: boolean;
}

function request(url: URL, method: string, target: { address: string; family: number }, maxBytes: number, signal: AbortSignal): Promise<RawResponse> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method,
        signal,
        headers: { 'user-agent': 'agentos-http-fetch', accept: '*/*', 'accept-encoding': 'identity' },
        // Connect to the vetted address, whatever DNS says now.
        lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
          o?.all ? cb(null, [{ address: target.address, family: target.family }]) : cb(null, target.address, target.family)) as unknown as net.LookupFunction,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (c: Buffer) => {
          if (size >= maxBytes) {
            truncated = true;
            res.destroy();
            finish();
            return;
          }
          const take = c.subarray(0, maxBytes - size);
          chunks.push(take);
          size += take.length;
          if (take.length < c.length) truncated = true;
        });
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), location: res.headers.location, body: Buffer.concat(chunks), truncated });
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', (e) => (done ? undefined : reject(e)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
