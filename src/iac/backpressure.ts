// Backpressure (seed 001's comment): an agent's throughput class caps its queue depth;
// intake beyond it is refused with a reason and a time to retry, never silently dropped.
import { AgentOsError } from '../errors.ts';
import { DEFAULT_IAC_POLICY, type AgentConfig } from '../config/index.ts';

export class QueueFullError extends AgentOsError<'QUEUE_FULL'> {
  readonly agent: string;
  readonly retryAfterSeconds: number;
  constructor(agent: string, depth: number, max: number, cls: string, retryAfterSeconds: number) {
    super('QUEUE_FULL', `refused: agent "${agent}" is full: ${depth} task(s) queued, the most its throughput class "${cls}" allows is ${max}; retry in ${retryAfterSeconds} s or raise iac.backpressure.max_queue_depth_per_agent.${cls}`);
    this.agent = agent;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function maxQueueDepth(config: AgentConfig): number {
  const policy = config.iac ?? DEFAULT_IAC_POLICY;
  return policy.maxQueueDepth[config.throughputClass ?? 'medium'];
}

/** Throws QueueFullError when one more task would pass the agent's depth. */
export function checkIntake(config: AgentConfig, depth: number, adding = 1): void {
  const max = maxQueueDepth(config);
  if (depth + adding <= max) return;
  const policy = config.iac ?? DEFAULT_IAC_POLICY;
  throw new QueueFullError(config.name, depth, max, config.throughputClass ?? 'medium', policy.retryAfterSeconds);
}
