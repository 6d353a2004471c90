// One error base for every AgentOS module: a stable `code` callers branch on, a marker
// that survives two copies of the module, and one table from code to HTTP status and CLI
// exit code. A leaf file: it imports nothing, so every folder may import it.

const MARK = Symbol.for('agentos.error');

export class AgentOsError<C extends string = string> extends Error {
  readonly code: C;
  readonly [MARK] = true;

  constructor(code: C, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  /** True for any AgentOS error, even one thrown by another copy of this module. */
  static isInstance(e: unknown): e is AgentOsError {
    return typeof e === 'object' && e !== null && (e as { [MARK]?: unknown })[MARK] === true;
  }
}

/** An AgentOS error with this code (across module copies, without instanceof). */
export function hasCode<C extends string>(e: unknown, ...codes: C[]): e is AgentOsError<C> {
  return AgentOsError.isInstance(e) && (codes as string[]).includes(e.code);
}

/** Process exit codes of the `agentos` command; the README documents each. */
export const EXIT = {
  ok: 0,
  /** Work failed: a task failed, a queue could not be scanned, or tasks remain (`run --once`). */
  failed: 1,
  usage: 2,
  /** agents.yaml or the environment is wrong (the message names file, line and column). */
  config: 3,
  /** Another runtime holds the data directory. */
  busy: 4,
  /** The policy refused, or the action needs a person's approval. */
  denied: 5,
  /** Backpressure: the agent's queue is full; retry later. */
  full: 6,
  /** No such agent, task, request or proposal. */
  notFound: 7,
  /** Conflicts with what exists: a duplicate id, a decision already made. */
  conflict: 8,
  /** The machine refused: a port in use, a missing program, a server out of reach. */
  unavailable: 9,
  /** A bug: an error AgentOS did not expect (the log has the stack). */
  internal: 70,
  /** Stopped by SIGINT (Ctrl-C) before the work was done (128 + 2, as shells report it). */
  sigint: 130,
  /** Stopped by SIGTERM before the work was done (128 + 15). */
  sigterm: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

interface Mapping {
  http: number;
  exit: ExitCode;
}

const m = (http: number, exit: ExitCode): Mapping => ({ http, exit });

/**
 * Code → HTTP status and exit code. A code not listed is a server error (500, exit 70):
 * list every code a caller can cause or fix.
 */
export const ERROR_MAP: Readonly<Record<string, Mapping>> = {
  USAGE: m(400, EXIT.usage),
  BAD_REQUEST: m(400, EXIT.usage),
  CONFIG_INVALID: m(500, EXIT.config),
  MODEL_CONFIG_INVALID: m(500, EXIT.config),
  E_AGENT_NAME: m(400, EXIT.usage),
  E_INVALID_TASK: m(400, EXIT.usage),
  E_FRONT_MATTER: m(422, EXIT.failed),
  E_DUPLICATE_TASK: m(409, EXIT.conflict),
  E_BOOTSTRAP_PATH: m(400, EXIT.usage),
  E_GIT: m(500, EXIT.failed),
  E_GIT_PATH: m(400, EXIT.failed),
  E_GIT_LOCKED: m(503, EXIT.unavailable),
  E_GIT_UNSUPPORTED: m(500, EXIT.failed),
  E_GIT_INPUT: m(400, EXIT.usage),
  E_GIT_DETACHED: m(409, EXIT.conflict),
  E_GIT_OBJECT: m(500, EXIT.failed),
  UNKNOWN_AGENT: m(404, EXIT.notFound),
  NOT_FOUND: m(404, EXIT.notFound),
  DATA_DIR_BUSY: m(409, EXIT.busy),
  // Rollback (kernel/rollback-plan.ts) and forks (kernel/fork.ts).
  ROLLBACK_CONFLICT: m(409, EXIT.conflict),
  ALREADY_REVERTED: m(409, EXIT.conflict),
  ROLLBACK_BLOCKED: m(409, EXIT.conflict),
  FORK_FAILED: m(507, EXIT.failed),
  UNSAFE_CHANGE: m(400, EXIT.failed),
  QUEUE_FULL: m(429, EXIT.full),
  NO_AGENT: m(503, EXIT.full),
  BAD_PLAN: m(422, EXIT.failed),
  CAPABILITY_KEY: m(500, EXIT.config),
  MCP_CONNECT: m(502, EXIT.unavailable),
  INVALID_ARGS: m(400, EXIT.usage),
  // The tool runtime's refusals (agentos tool, POST …/tools): what the policy or the workspace forbids.
  PATH_INVALID: m(400, EXIT.usage),
  PATH_NUL: m(400, EXIT.usage),
  PATH_ABSOLUTE: m(403, EXIT.denied),
  PATH_ESCAPE: m(403, EXIT.denied),
  PATH_PROTECTED: m(403, EXIT.denied),
  PATH_SYMLINK: m(403, EXIT.denied),
  PATH_CHANGED: m(409, EXIT.conflict),
  NOT_A_FILE: m(400, EXIT.usage),
  NOT_A_DIRECTORY: m(400, EXIT.usage),
  TOO_LARGE: m(413, EXIT.failed),
  BINARY: m(415, EXIT.failed),
  NETWORK_DENIED: m(403, EXIT.denied),
  FETCH_FAILED: m(502, EXIT.failed),
  PATCH_FAILED: m(422, EXIT.failed),
  MCP_ERROR: m(502, EXIT.failed),
  DENIED_BY_PERSON: m(403, EXIT.denied),
  NO_PROPOSAL: m(404, EXIT.notFound),
  NOT_OPEN: m(409, EXIT.conflict),
  MAY_NOT_VOTE: m(403, EXIT.denied),
  UNKNOWN_REQUEST: m(404, EXIT.notFound),
  ALREADY_DECIDED: m(409, EXIT.conflict),
  INVALID_DECISION: m(400, EXIT.usage),
  POLICY_DENIED: m(403, EXIT.denied),
  CAPABILITY: m(403, EXIT.denied),
  BUDGET_EXCEEDED: m(429, EXIT.full),
  MODEL_CALL_FAILED: m(502, EXIT.failed),
  SANDBOX_UNAVAILABLE: m(503, EXIT.unavailable),
  UNAVAILABLE: m(503, EXIT.unavailable),
  REPLAY_FORMAT: m(400, EXIT.usage),
  REPLAY_CORRUPT: m(422, EXIT.failed),
  REPLAY_NEWER: m(500, EXIT.config),
  LEARN_PARSE: m(422, EXIT.failed),
  LEDGER_PARSE: m(422, EXIT.failed),
  LEDGER_NEWER: m(500, EXIT.config),
  FORMAT_NEWER: m(500, EXIT.config),
  CORRUPT: m(500, EXIT.failed),
  EVAL_INPUT: m(400, EXIT.config),
  EVAL_NO_RUN: m(404, EXIT.notFound),
  ARCHIVE_INVALID: m(422, EXIT.failed),
  AGENT_EXISTS: m(409, EXIT.conflict),
  SECRET_IN_EXPORT: m(422, EXIT.failed),
  SKILL_IMPORT_INVALID: m(422, EXIT.failed),
  ANSWERS_INVALID: m(400, EXIT.usage),
  SCAFFOLD_TARGET: m(409, EXIT.conflict),
  // The HTTP API's refusals (src/server: guards and auth), for clients that map an answer's code.
  AUTH_REQUIRED: m(401, EXIT.config),
  AUTH_MALFORMED: m(400, EXIT.config),
  AUTH_INVALID: m(401, EXIT.config),
  AUTH_READ_ONLY: m(403, EXIT.denied),
  VERIFY_NEEDS_OPERATOR: m(403, EXIT.denied),
  ORIGIN_REFUSED: m(403, EXIT.denied),
  UNSUPPORTED_MEDIA_TYPE: m(415, EXIT.usage),
  BODY_TOO_LARGE: m(413, EXIT.usage),
  NO_ROUTE: m(404, EXIT.notFound),
  // Scale-out (cluster/): Redis or the git remote out of reach, a bad setting, a lost push race.
  REDIS_UNAVAILABLE: m(503, EXIT.unavailable),
  REMOTE_UNAVAILABLE: m(502, EXIT.unavailable),
  CLUSTER_CONFIG: m(500, EXIT.config),
  REMOTE_CONFLICT: m(409, EXIT.conflict),
};

export function httpStatusOf(e: unknown): number {
  return AgentOsError.isInstance(e) ? (ERROR_MAP[e.code]?.http ?? 500) : 500;
}

export function exitCodeOf(e: unknown): ExitCode {
  return AgentOsError.isInstance(e) ? (ERROR_MAP[e.code]?.exit ?? EXIT.internal) : EXIT.internal;
}

/** Whether the error is one a person can act on (a known code), not a bug. */
export function isExpected(e: unknown): e is AgentOsError {
  return AgentOsError.isInstance(e) && e.code in ERROR_MAP;
}

const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Foreign text (a model's reply, a file's bytes) made fit to quote in a message a person reads:
 * control characters shown as \uXXXX, runs of undecodable bytes (U+FFFD) as one, at most `max`
 * characters. \n and \t stay.
 */
export function printable(text: string, max = 2000): string {
  const s = text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\ufffd(?:[^\x20-\x7e]*\ufffd)?/g, '\ufffd');
  return s.length > max ? `${s.slice(0, max)}… [${s.length - max} more characters]` : s;
}
