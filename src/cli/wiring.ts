// Wiring of the ports the kernel declares (ActPort: tools/, JudgePort: eval/) for the commands
// that open a runtime (run, eval). One small function each, so the composition root can take them over.
import type { AgentConfig, ModelSettings } from '../config/index.ts';
import { JudgeRuntime } from '../eval/index.ts';
import type { JudgePort } from '../kernel/index.ts';
import type { Logger } from '../telemetry/index.ts';
import { newRequestId, ToolRuntime, type ApprovalStore } from '../tools/index.ts';

const LABEL_TTL_MS = 24 * 3_600_000;

/** eval/'s judges for every agent: `llm` judges ask `model`; `human` judges file label requests in `approvals`. */
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

/** The tool runtime and the judges of one data directory (the live one, or an eval's scratch copy). */
export function wirePorts(dataDir: string, model: ModelSettings, log: Logger) {
  const tools = new ToolRuntime({ dataDir, onProblem: (m) => log.warn(m) });
  return {
    tools,
    act: (agent: AgentConfig) => tools.forAgent(agent),
    judges: judgePorts(model, tools.store),
    close: () => tools.close(),
  };
}
