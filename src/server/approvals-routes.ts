// Approvals over HTTP: list pending and decided requests, approve or deny one. A decision
// wakes the agent's worker so the paused task resumes at once.
//   GET  /approvals[?agent=NAME]   GET /approvals/:id
//   POST /approvals/:id/approve    {"reason"?, "choice"? (1-based), "answer"?, "label"?}
//   POST /approvals/:id/deny       {"reason"?}
import { Hono } from 'hono';
import { z } from 'zod';
import type { Runtime } from '../kernel/index.ts';
import type { ApprovalStore, Decision, RequestView } from '../tools/index.ts';
import { limitBody } from './guards.ts';
import { refuse, type ApiEnv } from './refuse.ts';

/** A decision body is small: a reason, a choice, an answer of up to 20,000 characters. */
export const DECISION_MAX_BYTES = 128 * 1024;
/** Agent names as agents.yaml allows them (store's AGENT_NAME_RE). */
const AGENT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const DecisionBody = z
  .object({
    reason: z.string().max(2000).optional(),
    choice: z.int().min(1).optional(),
    answer: z.string().max(20_000).optional(),
    label: z.string().max(100).optional(),
  })
  .strict();

export function approvalsRoutes(store: ApprovalStore, runtime: Runtime): Hono<ApiEnv> {
  // ApprovalErrors reach the app's onError, which answers by their code (src/errors.ts).
  const app = new Hono<ApiEnv>();

  app.get('/approvals', async (c) => {
    const agent = c.req.query('agent') || undefined;
    // A name is never turned into a path unchecked: ?agent=../../etc is a 400, an unknown agent a 404.
    if (agent !== undefined) {
      if (!AGENT_NAME.test(agent)) return refuse(c, 400, 'BAD_REQUEST', `?agent=${JSON.stringify(agent.slice(0, 100))} is not an agent name (lowercase letters, digits, - and _)`);
      runtime.worker(agent);
    }
    return c.json({ requests: await store.list(agent) });
  });

  app.get('/approvals/:id', async (c) => c.json(await store.get(c.req.param('id'))));

  for (const verb of ['approve', 'deny'] as const) {
    app.post(`/approvals/:id/${verb}`, limitBody(DECISION_MAX_BYTES, 'a decision'), async (c) => {
      let body: unknown = {};
      const raw = await c.req.text(); // bounded: limitBody above refused anything larger
      if (raw.trim()) {
        try {
          body = JSON.parse(raw);
        } catch {
          return refuse(c, 400, 'BAD_REQUEST', 'body is not valid JSON; send {"reason": "..."} or nothing');
        }
      }
      const parsed = DecisionBody.safeParse(body);
      if (!parsed.success) return refuse(c, 400, 'BAD_REQUEST', `invalid decision: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
      const b = parsed.data;
      const { decision } = await decideAndWake(store, runtime, c.req.param('id'), {
        decision: verb === 'approve' ? 'approved' : 'denied', by: 'api', reason: b.reason,
        ...(b.choice !== undefined && { choice: b.choice - 1 }), answer: b.answer, label: b.label,
      });
      return c.json(decision);
    });
  }
  return app;
}

/**
 * Records a decision (the first one wins), announces it, and wakes the agent so the paused task
 * resumes at once. The request comes back with the decision: looking it up again could miss it
 * once the worker has taken the decision and its task moved on.
 */
export async function decideAndWake(store: ApprovalStore, runtime: Runtime, id: string, d: Omit<Decision, 'id' | 'at'>): Promise<{ decision: Decision; request: RequestView }> {
  const { decision, request } = await store.decideRequest(id, d);
  runtime.events.emitEvent({ type: 'approval.decided', agent: request.agent, task: request.task, request: decision.id, decision: decision.decision, by: decision.by });
  if (runtime.workers.has(request.agent)) runtime.worker(request.agent).wake();
  return { decision, request };
}
