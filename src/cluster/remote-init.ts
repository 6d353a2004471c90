// Setting a cluster up on disk: `agentos remote init DIR --from DATA` turns a data directory into a
// remote (agents.yaml, agents/<name>.git, shared.git, approvals/), and each worker's local data
// directory is made of clones of it. Both are idempotent and never overwrite a repository.
import { cp, lstat, mkdir, readdir, readFile, readlink, rename, rmdir, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { loadAgentsFile } from '../config/index.ts';
import { bootstrapAgent, bootstrapShared } from '../kernel/index.ts';
import { agentPaths, agentsYamlPath, Git, runtimeDir, sharedPaths, writeFileAtomic } from '../store/index.ts';
import { ClusterError } from './errors.ts';
import { agentRepoUrl, ensureClone, remoteDir, sharedRepoUrl } from './remote.ts';

export interface RemoteInitReport {
  created: string[];
  kept: string[];
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(() => true, () => false);
}

/** A bare repository at `bare` holding `from`'s main branch, unless one is there already. */
async function seedBare(from: string, bare: string, report: RemoteInitReport, label: string): Promise<void> {
  if (await exists(path.join(bare, 'HEAD'))) {
    report.kept.push(label);
    return;
  }
  await mkdir(bare, { recursive: true });
  const g = new Git(bare);
  await g.run(['init', '-q', '--bare', '-b', 'main', '--template=']);
  await g.run(['config', 'receive.fsckObjects', 'true']);
  await g.run(['config', 'receive.denyNonFastForwards', 'true']);
  await new Git(from).run(['push', '-q', bare, 'HEAD:refs/heads/main']);
  report.created.push(label);
}

/** Makes DIR a remote from an existing data directory (agents it lacks are added; nothing is overwritten but agents.yaml). */
export async function initRemote(dir: string, fromDataDir: string): Promise<RemoteInitReport> {
  const root = remoteDir(dir);
  if (!root) throw new ClusterError('CLUSTER_CONFIG', `remote init needs a directory, not ${dir}: make the bare repositories there with git, or init a directory and copy it`);
  const { agents } = await loadAgentsFile(agentsYamlPath(fromDataDir));
  const report: RemoteInitReport = { created: [], kept: [] };
  await mkdir(path.join(root, 'agents'), { recursive: true });
  await writeFileAtomic(path.join(root, 'agents.yaml'), await readFile(agentsYamlPath(fromDataDir), 'utf8'));
  for (const a of agents) {
    await bootstrapAgent(fromDataDir, a);
    await seedBare(agentPaths(fromDataDir, a.name).root, agentRepoUrl(root, a.name), report, `agents/${a.name}.git`);
  }
  await bootstrapShared(fromDataDir);
  await seedBare(sharedPaths(fromDataDir).root, sharedRepoUrl(root), report, 'shared.git');
  const approvals = path.join(root, 'approvals');
  if (!(await exists(approvals))) {
    await mkdir(approvals, { mode: 0o700 });
    // Tasks paused for a person in the data directory stay paused, now for every worker.
    const old = path.join(runtimeDir(fromDataDir), 'approvals');
    if (await exists(old)) await cp(old, approvals, { recursive: true });
    report.created.push('approvals/');
  } else report.kept.push('approvals/');
  return report;
}

/**
 * A worker's local data directory: agents.yaml (copied from a directory remote, else it must be
 * there), a clone of every agent's and the shared repository, and approvals/ linked to the directory
 * every worker shares. Returns that directory, or undefined when there is none.
 */
export async function prepareWorkerDir(remote: string, dataDir: string, approvalsDir?: string): Promise<{ approvals: string | undefined }> {
  const root = remoteDir(remote);
  await mkdir(path.join(dataDir, 'agents'), { recursive: true });
  const yaml = agentsYamlPath(dataDir);
  if (root) {
    const source = path.join(root, 'agents.yaml');
    if (!(await exists(source))) throw new ClusterError('CLUSTER_CONFIG', `${root} is not an AgentOS remote (no agents.yaml): make one with \`agentos remote init ${root} --from DATA\``);
    await writeFileAtomic(yaml, await readFile(source, 'utf8'));
  } else if (!(await exists(yaml))) {
    throw new ClusterError('CLUSTER_CONFIG', `a URL remote carries no agents.yaml: put the cluster's agents.yaml at ${yaml} before starting this worker`);
  }
  const { agents } = await loadAgentsFile(yaml);
  for (const a of agents) await ensureClone(agentRepoUrl(remote, a.name), agentPaths(dataDir, a.name).root);
  await ensureClone(sharedRepoUrl(remote), sharedPaths(dataDir).root);
  const approvals = approvalsDir ? path.resolve(approvalsDir) : root ? path.join(root, 'approvals') : undefined;
  if (approvals) await linkApprovals(dataDir, approvals);
  return { approvals };
}

/** DATA/.agentos/approvals → the shared directory (what was there before is kept beside it). */
async function linkApprovals(dataDir: string, shared: string): Promise<void> {
  await mkdir(shared, { recursive: true, mode: 0o700 });
  const link = path.join(runtimeDir(dataDir), 'approvals');
  await mkdir(path.dirname(link), { recursive: true });
  const st = await lstat(link).catch(() => undefined);
  if (st?.isSymbolicLink()) {
    if ((await readlink(link)) === shared) return;
    await unlink(link);
  } else if (st) {
    if ((await readdir(link)).length) await rename(link, `${link}.local-${Date.now()}`);
    else await rmdir(link);
  }
  await symlink(shared, link, 'dir');
}
