import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { ContextIndex, indexPath, reindexAll } from '../../context/index.ts';
import { agentPaths, agentsYamlPath, Git } from '../../store/index.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'reindex',
  summary: 'rebuild the retrieval index (DATA/.agentos/index.db) from the agents\' files and shared segments',
  usage: 'agentos reindex [--data DIR] [--json]',
  options: { json: { type: 'boolean' } },
  help: ['--json              one JSON object, for scripts'],
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  const heads = new Map<string, string | undefined>();
  for (const a of agents) {
    const git = new Git(agentPaths(dataDir, a.name).root);
    heads.set(a.name, (await git.hasHead()) ? await git.headSha() : undefined);
  }
  const index = ContextIndex.open(indexPath(dataDir));
  try {
    const r = await reindexAll(index, dataDir, agents, heads);
    if (values.json) out(JSON.stringify({ index: index.file, ...r }));
    else {
      out(`index: ${index.file}`);
      for (const a of r.agents) out(`  ${a.name}: ${a.docs} documents`);
      out(`  shared segments: ${r.segments}`);
      out(`rebuilt in ${r.ms} ms`);
    }
  } finally {
    index.close();
  }
  return EXIT.ok;
}
