// The HTTP API's bearer tokens, read in one place by the server, the CLI and any client:
// $AGENTOS_API_TOKEN, else DATA/.agentos/api-token (made by the server on first start:
// 32 random bytes, base64url, mode 0600, never logged). An optional read-only token
// ($AGENTOS_API_READ_TOKEN, else DATA/.agentos/api-read-token when a person made one) may
// only GET. The rules (token shape, loopback binding) are pure; the file reads are apart below.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.ts';

export const API_TOKEN_ENV = 'AGENTOS_API_TOKEN';
export const API_READ_TOKEN_ENV = 'AGENTOS_API_READ_TOKEN';
/** Shortest token accepted: a generated one is 43 characters (32 random bytes). */
export const MIN_TOKEN_LENGTH = 32;
/** RFC 6750 token68, as Hono's bearerAuth matches it: a token outside it could never authenticate. */
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

type Env = Record<string, string | undefined>;

export interface ApiTokens {
  /** The operator token: every route. */
  token: string;
  /** The read-only token: GET and HEAD only. */
  readToken?: string;
  /** Where the operator token came from; `generated` means this call wrote the file. */
  source: 'env' | 'file' | 'generated';
  /** The token file (when not from the environment), for the log line that says where to find it. */
  file?: string;
}

export function apiTokenFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), '.agentos', 'api-token');
}

export function apiReadTokenFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), '.agentos', 'api-read-token');
}

/** A token as given (trimmed), or a ConfigError naming where it came from; never echoes the value. */
export function checkApiToken(raw: string, where: string): string {
  const t = raw.trim();
  if (t.length < MIN_TOKEN_LENGTH || !TOKEN68.test(t)) {
    throw new ConfigError(
      `${where}: an API token must be at least ${MIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 . _ ~ + / - (got ${t.length} characters); make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
      { file: where },
    );
  }
  return t;
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Serving beyond loopback needs a token the operator chose ($AGENTOS_API_TOKEN): a generated one
 * would sit in a file nobody has read while the API faces the network. `allowGenerated` (the Docker
 * image, whose container must listen on 0.0.0.0 and whose `-p` decides who can connect) lifts it.
 */
export function checkBind(host: string, operatorToken: string | undefined, allowGenerated: boolean): void {
  if (isLoopbackHost(host) || operatorToken || allowGenerated) return;
  throw new ConfigError(
    `refusing to serve the HTTP API on ${host}, beyond this machine, without a token you chose: set ${API_TOKEN_ENV} (at least ${MIN_TOKEN_LENGTH} characters), or serve on 127.0.0.1 (--host 127.0.0.1)`,
    { file: '$AGENTOS_HOST' },
  );
}

// ---- files ----

/**
 * For the server: the tokens, generating DATA/.agentos/api-token when there is neither the
 * environment variable nor the file. The file is created atomically (a concurrent reader never
 * sees it half-written) with mode 0600; one readable by others is refused.
 */
export function loadApiTokens(dataDir: string, env: Env = process.env): ApiTokens {
  const readToken = readOptional(env[API_READ_TOKEN_ENV], `$${API_READ_TOKEN_ENV}`, apiReadTokenFile(dataDir));
  const fromEnv = env[API_TOKEN_ENV];
  let tokens: ApiTokens;
  if (fromEnv) tokens = { token: checkApiToken(fromEnv, `$${API_TOKEN_ENV}`), source: 'env' };
  else {
    const file = apiTokenFile(dataDir);
    const made = createIfMissing(file, `${randomBytes(32).toString('base64url')}\n`);
    tokens = { token: readTokenFile(file), source: made ? 'generated' : 'file', file };
  }
  if (readToken === tokens.token) throw new ConfigError(`the read-only API token equals the operator token: give ${API_READ_TOKEN_ENV} a value of its own`, { file: `$${API_READ_TOKEN_ENV}` });
  return readToken ? { ...tokens, readToken } : tokens;
}

/**
 * For clients (the CLI, scripts): the operator token from $AGENTOS_API_TOKEN, else the file the
 * server wrote; undefined when neither exists yet (the daemon has never served).
 */
export function readApiToken(dataDir: string, env: Env = process.env): string | undefined {
  const fromEnv = env[API_TOKEN_ENV];
  if (fromEnv) return checkApiToken(fromEnv, `$${API_TOKEN_ENV}`);
  const file = apiTokenFile(dataDir);
  return fs.existsSync(file) ? readTokenFile(file) : undefined;
}

/** For clients: the read-only token ($AGENTOS_API_READ_TOKEN, else DATA/.agentos/api-read-token), if one is set. */
export function readApiReadToken(dataDir: string, env: Env = process.env): string | undefined {
  return readOptional(env[API_READ_TOKEN_ENV], `$${API_READ_TOKEN_ENV}`, apiReadTokenFile(dataDir));
}

function readOptional(fromEnv: string | undefined, envName: string, file: string): string | undefined {
  if (fromEnv) return checkApiToken(fromEnv, envName);
  return fs.existsSync(file) ? readTokenFile(file) : undefined;
}

function readTokenFile(file: string): string {
  const st = fs.statSync(file);
  if ((st.mode & 0o077) !== 0) {
    throw new ConfigError(`${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${file}`, { file });
  }
  return checkApiToken(fs.readFileSync(file, 'utf8'), file);
}

/** Writes `content` to `file` (mode 0600) unless it exists; true when this call made it. */
function createIfMissing(file: string, content: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file); // atomic: fails if another process made it first
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
