// `agentos export AGENT [-o FILE]`: the agent's whole history and its agents.yaml entry in one file.
import path from 'node:path';
import { resolveDataDir } from '../../config/index.ts';
import { exportAgent } from '../../portable/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'export',
  summary: "write one agent — its full git history and agents.yaml entry, never keys — to one portable file",
  usage: 'agentos export AGENT [-o FILE] [--force] [--data DIR]',
  options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
  help: [
    '-o, --output FILE   the archive to write (default ./AGENT.agentos.tar)',
    '--force             replace FILE when it exists',
    'The file is a tar of manifest.json (format version, head, entry) and agent.bundle (a git bundle of main).',
    'Uncommitted files are not exported; an entry or history holding a key from the environment is refused.',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agent] = positionals;
  if (!agent || positionals.length > 1) throw new UsageError('expected one AGENT', helpText(spec));
  const file = str(values.output) ?? path.resolve(`${agent}.agentos.tar`);
  const r = await exportAgent({ dataDir: resolveDataDir(str(values.data)), agent, out: file, force: values.force === true });
  for (const w of r.warnings) err(`warning: ${w}`);
  out(`exported ${agent}: ${r.manifest.commits} commit(s), head ${r.manifest.head.slice(0, 12)}, to ${r.file}`);
  return EXIT.ok;
}
