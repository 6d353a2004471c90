// `agentos import FILE [--as NAME]`: an exported agent into this data directory, history intact.
import { resolveDataDir } from '../../config/index.ts';
import { DEFAULT_MAX_BUNDLE_BYTES, importAgent } from '../../portable/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'import',
  summary: 'restore an exported agent into this data directory (history intact), optionally renamed',
  usage: 'agentos import FILE [--as NAME] [--max-mb N] [--data DIR]',
  options: { as: { type: 'string' }, 'max-mb': { type: 'string' } },
  help: [
    '--as NAME           import under this name (the agents.yaml entry is renamed; the history is kept as is)',
    `--max-mb N          refuse a bundle larger than N MiB (default ${DEFAULT_MAX_BUNDLE_BYTES / 1024 / 1024})`,
    'Refused, with nothing imported: an existing agent name, a running runtime on the data directory (exit 4),',
    'a corrupt, truncated or changed file, a bundle with refs other than main, symbolic links in the files.',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('expected one FILE', helpText(spec));
  const mb = str(values['max-mb']);
  const maxBundleBytes = mb === undefined ? undefined : Number(mb) * 1024 * 1024;
  if (maxBundleBytes !== undefined && !(maxBundleBytes > 0)) throw new UsageError('--max-mb takes a number above 0', helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const r = await importAgent({ dataDir, file, as: str(values.as), maxBundleBytes });
  for (const w of r.warnings) err(`warning: ${w}`);
  const renamed = r.name !== r.manifest.agent ? ` (exported as ${r.manifest.agent})` : '';
  out(`imported ${r.name}${renamed}: ${r.commits} commit(s), head ${r.head.slice(0, 12)}, into ${dataDir}`);
  out(`next: \`agentos run --data ${dataDir}\` (the runtime re-indexes the agent at start)`);
  return EXIT.ok;
}
