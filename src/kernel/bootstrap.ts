// Bootstrap composes store/ (idempotent repo creation) with learn/ (the initial files).
import { agentGitignore, initialAgentFiles } from '../learn/index.ts';
import type { AgentConfig } from '../config/index.ts';
import { agentPaths, bootstrapRepo, sharedPaths } from '../store/index.ts';

export const INIT_MESSAGE = 'init: agent filesystem';

export async function bootstrapAgent(dataDir: string, config: AgentConfig): Promise<{ created: string[] }> {
  const { root } = agentPaths(dataDir, config.name);
  return bootstrapRepo(root, initialAgentFiles(config), { message: INIT_MESSAGE, gitignore: agentGitignore() });
}

const SHARED_README = `# shared

What agents share, committed with provenance: proposals and their votes, accepted
segments of shared knowledge, handoffs between agents, and dead letters.
`;

export async function bootstrapShared(dataDir: string): Promise<{ created: string[] }> {
  const { root } = sharedPaths(dataDir);
  const files = {
    'README.md': SHARED_README,
    'iac/proposals/': '',
    'iac/segments/': '',
    'iac/handoffs/': '',
    'iac/dead_letters/': '',
  };
  return bootstrapRepo(root, files, { message: 'init: shared filesystem', gitignore: '' });
}
