// Rollback and supervision over HTTP (operator token only: every POST needs it). Each runs in the
// agent's worker between two tasks (kernel Runtime.revert/rewind/resume), so it never races a task.
//   POST /agents/:name/revert   {"task": ID, "force"?: true}   → the revert's report
//   POST /agents/:name/rewind   {"to": TASK|COMMIT, "force"?: true}
//   POST /agents/:name/resume   {"reason"?}                    → {"resumed": bool}
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Runtime, RollbackReport } from '../kernel/index.ts';
import { limitBody } from './guards.ts';
import { refuse, type ApiEnv } from './refuse.ts';

/** These bodies are a task id or commit and a flag. */
export const ROLLBACK_MAX_BYTES = 16 * 1024;

const Revert = z.strictObject({ task: z.string().min(1).max(200), force: z.boolean().optional() });
const Rewind = z.strictObject({ to: z.string().min(1).max(200), force: z.boolean().optional() });
const Resume = z.strictObject({ reason: z.string().max(2000).optional() });

async function body<T>(c: Context<ApiEnv>, schema: z.ZodType<T>, example: string): Promise<T | Response> {
  let json: unknown = {};
  const raw = await c.req.text(); // bounded by limitBody
  if (raw.trim()) {
    try {
      json = JSON.parse(raw);
    } catch {
      return refuse(c, 400, 'BAD_REQUEST', `body is not valid JSON; send ${example}`);
    }
  }
  const r = schema.safeParse(json);
  if (!r.success) return refuse(c, 400, 'BAD_REQUEST', `invalid body: ${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}; send ${example}`);
  return r.data;
}

const view = (r: RollbackReport) => ({
  kind: r.kind, agent: r.agent, target: r.target, of: r.of, commit: r.commit, files: r.files, later: r.later, undone: r.undone, reopened: r.reopened, inexact: r.inexact,
});

export function rollbackRoutes(runtime: Runtime): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const limit = limitBody(ROLLBACK_MAX_BYTES, 'a rollback request');
  app.post('/agents/:name/revert', limit, async (c) => {
    runtime.worker(c.req.param('name')); // 404 first
    const b = await body(c, Revert, '{"task": "TASK-ID"} (and "force": true to override conflicts)');
    if (b instanceof Response) return b;
    return c.json(view(await runtime.revert(c.req.param('name'), b.task, { force: b.force })));
  });
  app.post('/agents/:name/rewind', limit, async (c) => {
    runtime.worker(c.req.param('name'));
    const b = await body(c, Rewind, '{"to": "TASK-ID or COMMIT"}');
    if (b instanceof Response) return b;
    return c.json(view(await runtime.rewind(c.req.param('name'), b.to, { force: b.force })));
  });
  app.post('/agents/:name/resume', limit, async (c) => {
    const name = c.req.param('name');
    runtime.worker(name);
    const b = await body(c, Resume, '{} or {"reason": "..."}');
    if (b instanceof Response) return b;
    const resumed = await runtime.resume(name, `api${b.reason ? `: ${b.reason}` : ''}`);
    return c.json({ agent: name, resumed, ...(!resumed && { note: `${name} was not paused by its watchdog` }) });
  });
  return app;
}
