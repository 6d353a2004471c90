// Scratch copies: an eval run works in a temporary data directory holding clones of the agents'
// repositories (their last commit: skills, world, rewards, ledger) and of shared/, with the
// policy applied and the queues emptied. The live agents are never written.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { agentPaths, agentsYamlPath, Git, sharedPaths } from '../store/index.ts';
import { applyPolicy, replaceRouteTable, type Policy } from './policy.ts';

export interface Scratch {
  dir: string;
  remove(): Promise<void>;
}

/** Clones `agents` (fresh ones bootstrap when the runtime opens) into a new temporary data directory. */
export async function makeScratch(liveDir: string, agents: string[], policy: Policy | undefined, opts: { fresh?: boolean; agentsYaml?: string } = {}): Promise<Scratch> {
  const yaml = applyPolicy(opts.agentsYaml ?? (await readFile(agentsYamlPath(liveDir), 'utf8')), agents, policy);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agentos-eval-'));
  const scratch = { dir, remove: () => rm(dir, { recursive: true, force: true }) };
  try {
    await writeFile(agentsYamlPath(dir), yaml);
    await mkdir(path.join(dir, 'agents'), { recursive: true });
    const sharedSrc = sharedPaths(liveDir).root;
    if (!opts.fresh && existsSync(path.join(sharedSrc, '.git'))) await clone(sharedSrc, sharedPaths(dir).root);
    for (const name of agents) {
      const src = agentPaths(liveDir, name).root;
      if (opts.fresh || !existsSync(path.join(src, '.git'))) continue;
      const root = agentPaths(dir, name).root;
      await clone(src, root);
      await emptyQueue(new Git(root), root);
    }
    return scratch;
  } catch (e) {
    await scratch.remove();
    throw e;
  }
}

async function clone(from: string, to: string): Promise<void> {
  await new Git(path.dirname(to)).raw(['clone', '--quiet', '--no-local', from, to]);
}

/** Empty the cloned queue: the live agent's pending tasks are not the suite's. */
async function emptyQueue(git: Git, root: string): Promise<void> {
  const queue = path.join(root, 'queue.md');
  if (!existsSync(queue)) return;
  const text = await readFile(queue, 'utf8');
  const header = text.split(/^## /m)[0];
  if (header === text) return;
  await writeFile(queue, header);
  await git.add(['queue.md']);
  await git.commit('eval: scratch copy, queue emptied');
}

/** The policy's route table in each agent's constraints.md (after bootstrap, so fresh agents get it too). */
export async function applyRouteTable(dataDir: string, agents: string[], policy: Policy | undefined): Promise<void> {
  if (!policy?.route_table) return;
  for (const name of agents) {
    const file = path.join(agentPaths(dataDir, name).root, 'constraints.md');
    if (existsSync(file)) await writeFile(file, replaceRouteTable(await readFile(file, 'utf8'), policy.route_table));
  }
}

/** Writes the suite's files into an agent's workspace (after bootstrap made it). */
export async function placeFiles(dataDir: string, agent: string, files: Record<string, string>): Promise<void> {
  const ws = agentPaths(dataDir, agent).workspace;
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(ws, rel);
    if (!abs.startsWith(ws + path.sep)) continue; // the suite schema already refuses such paths
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}
