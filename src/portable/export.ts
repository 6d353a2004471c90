// `agentos export`: one agent's whole git history (a bundle of refs/heads/main) and its
// agents.yaml entry in one tar file. Never keys or tokens: the entry carries key *names*
// (api_key_env) only, MCP env and header values are left out, and an export whose entry or
// history holds a secret this process knows is refused.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { parseAgentsYaml } from '../config/index.ts';
import { agentPaths, agentsYamlPath, Git, pathExists, runtimeDir } from '../store/index.ts';
import { containsSecret, registerEnvSecrets, registerSecret } from '../telemetry/index.ts';
import { writeArchive } from './archive.ts';
import { portableEntry } from './entry.ts';
import { PortableError } from './errors.ts';
import { scanHistory } from './history-scan.ts';
import { BUNDLE_FILE, BUNDLE_REF, CURRENT_VERSION, FORMAT, MANIFEST_FILE, renderManifest, type Manifest } from './manifest.ts';

export interface ExportOptions {
  dataDir: string;
  agent: string;
  /** The archive to write; refused when it exists unless `force`. */
  out: string;
  force?: boolean;
  /** Bytes of `git log -p` scanned for secrets before the scan stops with a warning. */
  scanLimitBytes?: number;
  now?: Date;
}

export interface ExportResult {
  file: string;
  manifest: Manifest;
  warnings: string[];
}

export const DEFAULT_SCAN_LIMIT = 512 * 1024 * 1024;
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function exportAgent(o: ExportOptions): Promise<ExportResult> {
  const warnings: string[] = [];
  const yamlFile = agentsYamlPath(o.dataDir);
  const source = await fsp.readFile(yamlFile, 'utf8').catch(() => {
    throw new PortableError('NOT_FOUND', `cannot read ${yamlFile}: is ${o.dataDir} a data directory?`);
  });
  const { agents } = parseAgentsYaml(source, yamlFile);
  const top = parseDocument(source).toJS() as Record<string, unknown>;
  const raw = (top.agents as Record<string, unknown>[]).find((a) => a.name === o.agent);
  if (!raw) throw new PortableError('NOT_FOUND', `no agent named "${o.agent}" in ${yamlFile} (agents: ${agents.map((a) => a.name).join(', ')})`);
  const { entry, removed } = portableEntry(top, raw);
  for (const r of removed) warnings.push(`left out ${r} (it may hold a secret): set it again after importing`);

  registerEnvSecrets();
  const keyFile = path.join(runtimeDir(o.dataDir), 'capability.key');
  if (await pathExists(keyFile)) registerSecret((await fsp.readFile(keyFile, 'utf8')).trim());
  if (containsSecret(JSON.stringify(entry))) {
    throw new PortableError('SECRET_IN_EXPORT', `the agents.yaml entry of "${o.agent}" holds a secret (a key or token from the environment); move it into an environment variable and name that in api_key_env, then export again`);
  }

  const repo = agentPaths(o.dataDir, o.agent).root;
  const git = new Git(repo);
  if (!(await git.isRepo()) || !(await git.hasHead())) throw new PortableError('NOT_FOUND', `${repo} has no history to export (run \`agentos init\` or \`agentos run\` first)`);
  const branch = (await git.run(['symbolic-ref', '-q', 'HEAD'], [0, 1])).stdout.trim();
  if (branch !== BUNDLE_REF) throw new PortableError('ARCHIVE_INVALID', `${repo} is on ${branch || 'a detached HEAD'}, not ${BUNDLE_REF}: check out main (\`git -C ${repo} checkout main\`) and export again`);
  const head = await git.headSha();
  const commits = Number((await git.raw(['rev-list', '--count', BUNDLE_REF])).trim());

  const scan = await scanHistory(repo, BUNDLE_REF, o.scanLimitBytes ?? DEFAULT_SCAN_LIMIT);
  if (scan.commit) throw new PortableError('SECRET_IN_EXPORT', `commit ${scan.commit.slice(0, 12)} of "${o.agent}" holds a secret (a key or token from the environment); nothing was exported — rewrite that history or rotate the key`);
  if (!scan.complete) warnings.push(`history is larger than the secret scan limit: only the first ${scan.bytes} bytes of \`git log -p\` were scanned`);
  const dirty = (await git.status()).map((e) => e.path);
  if (dirty.length) warnings.push(`${dirty.length} uncommitted file(s) are not in the export (only history is): ${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}`);

  const out = path.resolve(o.out);
  if (!o.force && (await pathExists(out))) throw new PortableError('AGENT_EXISTS', `${out} exists; choose another file with -o or pass --force to replace it`);
  await fsp.mkdir(path.dirname(out), { recursive: true });
  const stage = await fsp.mkdtemp(path.join(path.dirname(out), '.agentos-export-'));
  try {
    const bundle = path.join(stage, BUNDLE_FILE);
    await git.run(['bundle', 'create', '-q', bundle, BUNDLE_REF]);
    const manifest: Manifest = {
      format: FORMAT, version: CURRENT_VERSION, agent: o.agent, exported_at: (o.now ?? new Date()).toISOString(), agentos_version: VERSION,
      head, commits, bundle: { file: BUNDLE_FILE, ref: BUNDLE_REF, bytes: (await fsp.stat(bundle)).size, sha256: await sha256File(bundle) }, entry, removed,
      ...(isRecord(top.privacy) ? { privacy: top.privacy } : {}),
    };
    await fsp.writeFile(path.join(stage, MANIFEST_FILE), renderManifest(manifest));
    const tmp = path.join(stage, 'out.tar');
    await writeArchive(stage, tmp);
    await fsp.rename(tmp, out);
    return { file: out, manifest, warnings };
  } finally {
    await fsp.rm(stage, { recursive: true, force: true });
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
