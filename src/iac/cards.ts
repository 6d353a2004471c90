// Agent cards from the files: config, skills, recent rewards (for reputation), queue depth.
import type { AgentConfig } from '../config/index.ts';
import { loadAgentState, type StateCache } from '../learn/index.ts';
import { agentPaths, QueueFile } from '../store/index.ts';
import { maxQueueDepth } from './backpressure.ts';
import type { AgentCard } from './dispatch.ts';
import { reputationOf } from './reputation.ts';

export async function agentCard(dataDir: string, config: AgentConfig, now: Date, opts: { cache?: StateCache; queue?: QueueFile } = {}): Promise<AgentCard> {
  const paths = agentPaths(dataDir, config.name);
  const state = await loadAgentState(paths.root, { cache: opts.cache, quarantine: false });
  const queue = opts.queue ?? new QueueFile(paths.queue, paths.rejected);
  let queued: number;
  try {
    queued = (await queue.read()).tasks.length;
  } finally {
    if (!opts.queue) queue.close();
  }
  return {
    name: config.name, domain: config.domain, persona: config.persona, hints: config.hints,
    skills: state.skills.map((s) => ({ name: s.name, description: s.description })),
    topics: [...new Set(state.rewards.slice(-10).flatMap((r) => r.context_tags))],
    reputation: reputationOf(state.rewards, now), queued, maxQueue: maxQueueDepth(config),
  };
}
