// The watchdog's escalation (kernel/supervision.ts) through the approvals store: a paused agent
// files a `supervise` request a person answers with `agentos approve`, `agentos resume` or the API.
import type { AgentConfig } from '../config/index.ts';
import type { EscalationPort } from '../kernel/index.ts';
import { newRequestId, type ApprovalStore } from '../tools/index.ts';

export function escalationPorts(store: ApprovalStore): (agent: AgentConfig) => EscalationPort {
  return () => ({
    async file(req) {
      const id = newRequestId();
      await store.saveSuperviseRequest({
        id, kind: 'supervise', agent: req.agent, task: req.task, question: req.question,
        streak: { kind: req.streak, count: req.count, tasks: req.tasks }, created: req.created, expires: req.expires,
      });
      return id;
    },
    async status(agent, id) {
      if (!(await store.superviseRequests(agent)).some((r) => r.id === id)) return { state: 'gone' };
      const d = await store.decision(agent, id);
      return d ? { state: d.decision, by: d.by } : { state: 'pending' };
    },
    close: (agent, id) => store.removeSupervise(agent, id),
  });
}
