// `agentos import`: an export archive into a data directory, history intact (the same commits,
// the same head), the agents.yaml entry added (renamed with --as). All or nothing: the archive,
// manifest, bundle and tree are checked in a staging area under DATA/.agentos/ first; the agent
// folder appears by one rename and agents.yaml by one atomic write. Holds the data directory's
// runtime lock throughout, so it never races a running runtime.
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseAgentsYaml, PrivacySchema, resolvePrivacy } from '../config/index.ts';
import { acquireDaemonLock } from '../kernel/index.ts';
import { AGENT_NAME_RE, agentPaths, agentsYamlPath, Git, GitError, pathExists, runtimeDir, writeFileAtomic } from '../store/index.ts';
import { readArchive } from './archive.ts';
import { withEntry } from './entry.ts';
import { archiveError, PortableError } from './errors.ts';
import { BUNDLE_REF, readManifest, type Manifest } from './manifest.ts';

export interface ImportOptions {
  dataDir: string;
  file: string;
  /** Import under this name instead of the exported one. */
  as?: string;
  /** The largest bundle accepted, in bytes. */
  maxBundleBytes?: number;
}

export interface ImportResult {
  name: string;
  manifest: Manifest;
  head: string;
  commits: number;
  warnings: string[];
}

export const DEFAULT_MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024;

export async function importAgent(o: ImportOptions): Promise<ImportResult> {
  const file = path.resolve(o.file);
  if (!(await pathExists(file))) throw new PortableError('NOT_FOUND', `${file} does not exist`);
  if (o.as !== undefined && !AGENT_NAME_RE.test(o.as)) throw new PortableError('ARCHIVE_INVALID', `--as ${JSON.stringify(o.as)} is not an agent name: use lowercase letters, digits, "-" or "_"`);
  const dataDir = path.resolve(o.dataDir);
  await fsp.mkdir(dataDir, { recursive: true });
  const release = acquireDaemonLock(dataDir);
  const stage = path.join(runtimeDir(dataDir), 'import', `${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fsp.mkdir(stage, { recursive: true });
    const bundle = path.join(stage, 'agent.bundle');
    const read = await readArchive(file, bundle, o.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES);
    const manifest = readManifest(read.manifestText, file);
    if (read.bundleBytes !== manifest.bundle.bytes || read.bundleSha256 !== manifest.bundle.sha256) {
      throw archiveError(file, `agent.bundle does not match its manifest (${read.bundleBytes} bytes, sha256 ${read.bundleSha256.slice(0, 12)}…; expected ${manifest.bundle.bytes} bytes, ${manifest.bundle.sha256.slice(0, 12)}…): it is truncated or was changed`);
    }
    const name = o.as ?? manifest.agent;

    const yamlFile = agentsYamlPath(dataDir);
    const source = (await pathExists(yamlFile)) ? await fsp.readFile(yamlFile, 'utf8') : undefined;
    if (source !== undefined) parseAgentsYaml(source, yamlFile); // a broken agents.yaml is fixed first, not appended to
    const target = agentPaths(dataDir, name).root;
    const nextYaml = withEntry(source, manifest.entry, name);
    if (await pathExists(target)) throw new PortableError('AGENT_EXISTS', `${target} already exists; import under another name with --as NAME`);
    const loaded = parseAgentsYaml(nextYaml, yamlFile);

    const repo = path.join(stage, 'repo');
    const { head, commits } = await restoreBundle(repo, bundle, manifest, file);

    await fsp.mkdir(path.dirname(target), { recursive: true });
    try {
      await fsp.rename(repo, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new PortableError('AGENT_EXISTS', `${target} already exists; import under another name with --as NAME`);
      throw e;
    }
    try {
      await writeFileAtomic(yamlFile, nextYaml);
    } catch (e) {
      await fsp.rm(target, { recursive: true, force: true });
      throw e;
    }
    const warnings = [...loaded.warnings, ...manifest.removed.map((r) => `${r} was left out at export (it may hold a secret): set it again in agents.yaml`)];
    const theirs = PrivacySchema.safeParse(manifest.privacy);
    if (manifest.privacy && theirs.success) {
      const want = resolvePrivacy(theirs.data);
      const missing = [...want.detectors.filter((x) => !loaded.privacy.detectors.includes(x)), ...want.patterns.filter((p) => !loaded.privacy.patterns.some((q) => q.regex === p.regex)).map((p) => p.name)];
      if (missing.length) warnings.push(`the exporting data directory redacted ${missing.join(', ')} (agents.yaml privacy:); this one does not: add them to privacy: before running the agent`);
    }
    return { name, manifest, head, commits, warnings };
  } finally {
    await fsp.rm(stage, { recursive: true, force: true });
    release();
  }
}

/** Fetches the bundle's main into a fresh repository and checks what arrived. */
async function restoreBundle(repo: string, bundle: string, manifest: Manifest, file: string): Promise<{ head: string; commits: number }> {
  const git = new Git(repo);
  await git.init();
  const heads = await gitOr(git, ['bundle', 'list-heads', bundle], file, 'agent.bundle is not a git bundle');
  const refs = heads.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[1]);
  const others = refs.filter((r) => r !== BUNDLE_REF);
  if (others.length) throw archiveError(file, `agent.bundle carries refs other than ${BUNDLE_REF} (${others.slice(0, 5).join(', ')}): an export holds main only`);
  if (!refs.includes(BUNDLE_REF)) throw archiveError(file, `agent.bundle has no ${BUNDLE_REF}`);
  await gitOr(git, ['bundle', 'verify', '-q', bundle], file, 'agent.bundle is incomplete (it needs commits it does not carry) or unreadable');
  await gitOr(git, ['fetch', '-q', '--no-tags', '--update-head-ok', bundle, `${BUNDLE_REF}:${BUNDLE_REF}`], file, 'agent.bundle could not be unpacked');
  const head = (await git.raw(['rev-parse', BUNDLE_REF])).trim();
  if (head !== manifest.head) throw archiveError(file, `agent.bundle's main is ${head.slice(0, 12)}, the manifest says ${manifest.head.slice(0, 12)}`);
  const fsck = await git.fsck();
  if (!fsck.ok) throw archiveError(file, `the history fails git fsck: ${fsck.output.split('\n')[0]}`);
  // Files the runtime reads must be files: a symlink could point the agent's persona at /etc/shadow.
  const tree = await git.raw(['ls-tree', '-r', '-z', '--full-tree', BUNDLE_REF]);
  for (const item of tree.split('\0').filter(Boolean)) {
    const [meta, p] = item.split('\t');
    const mode = meta.split(' ')[0];
    if (mode === '120000') throw archiveError(file, `the agent's files hold a symbolic link (${p}); an export holds plain files only`);
    if (mode === '160000') throw archiveError(file, `the agent's files hold a submodule (${p}); an export holds plain files only`);
  }
  if (!tree.split('\0').some((i) => i.endsWith('\tpersona.md'))) throw archiveError(file, 'the history has no persona.md at its head: not an agent repository');
  await git.run(['reset', '-q', '--hard', BUNDLE_REF]);
  const commits = Number((await git.raw(['rev-list', '--count', BUNDLE_REF])).trim());
  if (commits !== manifest.commits) throw archiveError(file, `agent.bundle holds ${commits} commits, the manifest says ${manifest.commits}`);
  return { head, commits };
}

async function gitOr(git: Git, args: string[], file: string, what: string) {
  try {
    return await git.run(args);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    throw archiveError(file, `${what} (git: ${e.stderr.trim().split('\n').slice(-1)[0] || `exit ${e.exitCode}`})`);
  }
}
