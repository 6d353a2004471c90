// The judges port for every agent (eval/'s JudgeRuntime): `llm` judges ask the model; `human`
// judges file label requests in the approvals store so a person answers them.
import type { AgentConfig, ModelSettings } from '../config/index.ts';
import { JudgeRuntime } from '../eval/index.ts';
import type { JudgePort } from '../kernel/index.ts';
import { newRequestId, type ApprovalStore } from '../tools/index.ts';

/** How long a human judge's label request waits before it counts as unanswered. */
const LABEL_TTL_MS = 24 * 3_600_000;

export function judgePorts(model: ModelSettings, approvals?: ApprovalStore): (agent: AgentConfig) => JudgePort {
  return (agent) => new JudgeRuntime({
    model,
    ...(approvals && {
      requestLabel: async (task, question) => {
        const now = new Date();
        const id = newRequestId();
        await approvals.saveLabelRequest({
          id, kind: 'label', agent: agent.name, task: task.id, question,
          created: now.toISOString(), expires: new Date(now.getTime() + LABEL_TTL_MS).toISOString(),
        });
        return id;
      },
    }),
  });
}
