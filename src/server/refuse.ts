// One shape for every refusal of the API: `{"error": what is wrong and what to do, "code"}`, the
// same as errors thrown by handlers (app.ts onError), plus the headers a client needs. Under /v1/
// (the OpenAI-compatible endpoint) the same refusal takes OpenAI's error shape.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isOpenAiPath, openAiError } from './openai/errors.ts';

/** Who the bearer token says the caller is (auth.ts). */
export type Role = 'operator' | 'read';

/** The Hono environment of the API: the caller's role, set by auth.ts. */
export interface ApiEnv {
  Variables: { role?: Role };
}

export function refuse(c: Context, status: number, code: string, error: string, headers: Record<string, string> = {}): Response {
  if (isOpenAiPath(c.req.path)) return c.json(openAiError(status, code, error), status as 400, headers);
  return c.json({ error, code }, status as 400, headers);
}

/** A refusal thrown from inside another middleware's `next` (onError answers it as is). */
export function refusal(c: Context, status: number, code: string, error: string, headers: Record<string, string> = {}): HTTPException {
  return new HTTPException(status as 400, { res: refuse(c, status, code, error, headers) });
}
