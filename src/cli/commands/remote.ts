import { initRemote } from '../../cluster/index.ts';
import { resolveDataDir } from '../../config/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'remote',
  summary: 'make a git remote for a cluster of workers from a data directory',
  usage: 'agentos remote init DIR [--from DATA_DIR]',
  options: { from: { type: 'string' } },
  help: [
    '--from DATA_DIR     the data directory to start from (else --data, $AGENTOS_DATA, ...)',
    'DIR gets agents.yaml, agents/<name>.git and shared.git (bare repositories) and approvals/;',
    'run it again after adding agents to agents.yaml: it adds what is missing, overwrites no repository.',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [verb, dir, ...rest] = positionals;
  if (verb !== 'init' || !dir || rest.length) throw new UsageError('expected: remote init DIR', helpText(spec));
  const from = resolveDataDir(str(values.from) ?? str(values.data));
  const r = await initRemote(dir, from);
  for (const c of r.created) out(`created ${c}`);
  for (const k of r.kept) out(`kept    ${k}`);
  return EXIT.ok;
}
