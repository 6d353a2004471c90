import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { UnknownAgentError } from '../../kernel/index.ts';
import { agentPaths, agentsYamlPath, Git } from '../../store/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'log',
  summary: "an agent's history: one commit per task, with what it learned",
  usage: 'agentos log AGENT [--data DIR] [-n N] [--oneline]',
  options: { n: { type: 'string', short: 'n' }, oneline: { type: 'boolean' } },
  help: ['-n N                how many commits (default 20)', '--oneline           subjects only'],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agent] = positionals;
  if (!agent || positionals.length > 1) throw new UsageError('expected one AGENT', helpText(spec));
  const n = Number(str(values.n) ?? 20);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('-n takes a whole number above 0', helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  if (!agents.some((a) => a.name === agent)) throw new UnknownAgentError(agent, agents.map((a) => a.name));
  const git = new Git(agentPaths(dataDir, agent).root);
  const format = values.oneline ? ['--format=%h %s'] : ['--format=commit %h  %ad%n%n%w(0,4,4)%B', '--date=iso-strict'];
  out(await git.raw(['log', `-n${n}`, ...format]));
  return EXIT.ok;
}
