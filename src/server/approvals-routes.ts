// Approvals over HTTP: list pending and decided requests, approve or deny one. A decision
// wakes the agent's worker so the paused task resumes at once.
//   GET  /approvals[?agent=NAME]   GET /approvals/:id
//   POST /approvals/:id/approve    {"reason"?, "choice"? (1-based), "answer"?, "label"?}
//   POST /approvals/:id/deny       {"reason"?}
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Runtime } from '../kernel/index.ts';
import { ApprovalError, type ApprovalStore } from '../tools/index.ts';

const DecisionBody = z
  .object({
    reason: z.string().max(2000).optional(),
    choice: z.int().min(1).optional(),
    answer: z.string().max(20_000).optional(),
    label: z.string().max(100).optional(),
  })
  .strict();

const STATUS: Record<string, 400 | 404 | 409 | 500> = { UNKNOWN_REQUEST: 404, ALREADY_DECIDED: 409, INVALID_DECISION: 400, CORRUPT: 500 };

export function approvalsRoutes(store: ApprovalStore, runtime: Runtime): Hono {
  const app = new Hono();
  const fail = (c: Context, e: unknown) => {
    if (e instanceof ApprovalError) return c.json({ error: e.message, code: e.code }, STATUS[e.code] ?? 400);
    throw e;
  };

  app.get('/approvals', async (c) => c.json({ requests: await store.list(c.req.query('agent') || undefined) }));

  app.get('/approvals/:id', async (c) => {
    try {
      return c.json(await store.get(c.req.param('id')));
    } catch (e) {
      return fail(c, e);
    }
  });

  for (const verb of ['approve', 'deny'] as const) {
    app.post(`/approvals/:id/${verb}`, async (c) => {
      let body: unknown = {};
      const raw = await c.req.text();
      if (raw.trim()) {
        try {
          body = JSON.parse(raw);
        } catch {
          return c.json({ error: 'body is not valid JSON; send {"reason": "..."} or nothing' }, 400);
        }
      }
      const parsed = DecisionBody.safeParse(body);
      if (!parsed.success) return c.json({ error: `invalid decision: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` }, 400);
      const b = parsed.data;
      try {
        const d = await store.decide(c.req.param('id'), {
          decision: verb === 'approve' ? 'approved' : 'denied', by: 'api', reason: b.reason,
          ...(b.choice !== undefined && { choice: b.choice - 1 }), answer: b.answer, label: b.label,
        });
        const req = await store.get(d.id);
        runtime.events.emitEvent({ type: 'approval.decided', agent: req.agent, task: req.task, request: d.id, decision: d.decision, by: d.by });
        if (runtime.workers.has(req.agent)) runtime.worker(req.agent).wake();
        return c.json(d);
      } catch (e) {
        return fail(c, e);
      }
    });
  }
  return app;
}
