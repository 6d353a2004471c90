// OpenAI's error shape for everything under /v1/ — `{"error": {message, type, param, code}}` — so
// an OpenAI client raises its usual exceptions (AuthenticationError, NotFoundError, …), including
// for the guards' refusals (token, origin, content type, body size). Pure.

/** The path prefix whose answers take OpenAI's shape. */
export const OPENAI_PREFIX = '/v1/';

export function isOpenAiPath(path: string): boolean {
  return path.startsWith(OPENAI_PREFIX);
}

/** AgentOS codes with an OpenAI counterpart; others are sent lowercased (e.g. body_too_large). */
const CODES: Record<string, string> = {
  AUTH_REQUIRED: 'missing_api_key',
  AUTH_INVALID: 'invalid_api_key',
  AUTH_MALFORMED: 'invalid_api_key',
  AUTH_READ_ONLY: 'insufficient_permissions',
  UNKNOWN_AGENT: 'model_not_found',
  QUEUE_FULL: 'rate_limit_exceeded',
  BUDGET_EXCEEDED: 'insufficient_quota',
  BODY_TOO_LARGE: 'request_too_large',
  NO_ROUTE: 'unknown_url',
};

function typeOf(status: number, code: string): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return code === 'BUDGET_EXCEEDED' ? 'insufficient_quota' : 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string };
}

/** The body for an AgentOS refusal (status, code, message) under /v1/. */
export function openAiError(status: number, code: string, message: string, param: string | null = null): OpenAiError {
  return { error: { message, type: typeOf(status, code), param, code: CODES[code] ?? code.toLowerCase() } };
}
