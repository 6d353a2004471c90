import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { bootstrapAgent, bootstrapShared } from '../../kernel/index.ts';
import { agentsYamlPath } from '../../store/index.ts';
import { SEED_AGENTS_YAML } from '../demo/seed.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'init',
  summary: 'create a data directory: agents.yaml (four example agents, yours to edit) and each agent\'s git repository',
  usage: 'agentos init [DIR] [--data DIR]',
  options: {},
  help: ['DIR                 the data directory to create (same as --data)'],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  if (positionals.length > 1) throw new UsageError('expected at most one DIR', helpText(spec));
  const dataDir = positionals[0] ? path.resolve(positionals[0]) : resolveDataDir(str(values.data));
  await initDataDir(dataDir);
  out(`initialised ${dataDir}`);
  out(`next: edit ${agentsYamlPath(dataDir)}, then \`agentos run --data ${dataDir}\``);
  return EXIT.ok;
}

/** Idempotent: writes agents.yaml only when missing, never overwrites an agent's files. */
export async function initDataDir(dataDir: string): Promise<void> {
  await createDataDir(dataDir);
  const yamlFile = agentsYamlPath(dataDir);
  await writeFile(yamlFile, SEED_AGENTS_YAML, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const { agents, warnings } = await loadAgentsFile(yamlFile);
  for (const w of warnings) out(`warning: ${w}`);
  await bootstrapShared(dataDir);
  for (const a of agents) {
    const { created } = await bootstrapAgent(dataDir, a);
    out(`${a.name}: ${created.length ? `created ${created.length} file(s)` : 'already initialised'}`);
  }
}

/**
 * mkdir -p with a clear error (exit 3) instead of a stack: not allowed, read-only, a file in the
 * way. One level at a time: Node's recursive mkdir never returns under /proc (it retries forever).
 */
async function createDataDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const s = await stat(at).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : fail(at, e)));
    if (s) {
      if (!s.isDirectory()) throw new ConfigError(`cannot create the data directory ${dir}: ${at} is a file; choose another directory`, { file: dir });
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) await mkdir(d).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? undefined : fail(d, e)));

  function fail(where: string, e: NodeJS.ErrnoException): never {
    const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'read-only file system', ENOENT: 'cannot be created there', ENOTDIR: 'a parent is not a directory', ENOSPC: 'no space left' };
    throw new ConfigError(`cannot create the data directory ${dir}: ${where}: ${why[e.code ?? ''] ?? e.code ?? e.message}; choose a directory you can write (agentos init DIR, or --data DIR)`, { file: dir });
  }
}
