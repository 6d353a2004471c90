// Writing a planned runtime to disk: the data directory with agents.yaml, the deployment files
// and README, each agent's repository (bootstrapped, with this runtime's constraints in the
// first commit and its workspace folders in a second), and the example tasks queued.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseAgentsYaml } from '../config/index.ts';
import { bootstrapAgent, bootstrapShared } from '../kernel/index.ts';
import { CONSTRAINTS_FILE, initialAgentFiles, SYSTEM_PROMPT_FILE } from '../learn/index.ts';
import { agentPaths, agentsYamlPath, Git, pathExists, QueueFile, writeFileAtomic } from '../store/index.ts';
import type { Answers } from './answers.ts';
import { ScaffoldError } from './errors.ts';
import type { Plan } from './plan.ts';
import { folderReadmes, purposeConstraints } from './render-agent.ts';
import { renderCompose, renderEnvExample } from './render-deploy.ts';
import { renderReadme } from './render-readme.ts';
import { renderAgentsYaml } from './render-yaml.ts';

export interface Written {
  dir: string;
  files: string[];
  agents: string[];
  tasks: string[];
}

/** The files of the runtime's top folder (pure), by relative path. */
export function topFiles(p: Plan, now: Date): Record<string, string> {
  return {
    'agents.yaml': renderAgentsYaml(p, now),
    'answers.yaml': `# The answers agentos new generated this runtime from (seed 000's template variables).\n${stringify(answersOut(p.answers), { lineWidth: 0 })}`,
    'README.md': renderReadme(p, now),
    '.env.example': renderEnvExample(p),
    'docker-compose.yml': renderCompose(p),
    '.gitignore': '# Never commit keys; .agentos/ is runtime state, rebuilt from the files.\n.env\n.agentos/\n',
  };
}

function answersOut(a: Answers): Record<string, unknown> {
  return { ...a, task_examples: a.task_examples.map((t) => (t.verify ? t : t.task)) };
}

export async function writeRuntime(dir: string, p: Plan, now: Date): Promise<Written> {
  const root = path.resolve(dir);
  if (await pathExists(agentsYamlPath(root))) throw new ScaffoldError('SCAFFOLD_TARGET', `${root} already holds a runtime (agents.yaml); choose an empty or new folder`);
  const entries = (await fsp.readdir(root).catch(() => [] as string[])).filter((e) => e !== '.git');
  if (entries.length) throw new ScaffoldError('SCAFFOLD_TARGET', `${root} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose an empty or new folder`);
  await fsp.mkdir(root, { recursive: true });

  const files = topFiles(p, now);
  // Validate before anything is written: the generated agents.yaml must load as the runtime will load it.
  const { agents } = parseAgentsYaml(files['agents.yaml'], agentsYamlPath(root));
  for (const [rel, content] of Object.entries(files)) await writeFileAtomic(path.join(root, rel), content);

  await bootstrapShared(root);
  for (const config of agents) {
    const paths = agentPaths(root, config.name);
    if (config.name === p.name) {
      // This runtime's constraints go into the first commit: bootstrap keeps files that exist.
      const initial = initialAgentFiles(config, now);
      const constraints = purposeConstraints(initial[CONSTRAINTS_FILE], p);
      await writeFileAtomic(path.join(paths.root, CONSTRAINTS_FILE), constraints);
      await writeFileAtomic(path.join(paths.root, SYSTEM_PROMPT_FILE), initial[SYSTEM_PROMPT_FILE].replace(initial[CONSTRAINTS_FILE].trim(), constraints.trim()));
    }
    await bootstrapAgent(root, config);
    if (config.name !== p.name) continue;
    const readmes = folderReadmes(p);
    for (const [rel, content] of Object.entries(readmes)) await writeFileAtomic(path.join(paths.root, rel), content);
    const git = new Git(paths.root);
    await git.add(Object.keys(readmes));
    await git.commit(`scaffold: workspace folders for ${p.profile.label} (${p.profile.folders.map((f) => `${f.path}/`).join(', ')})`);
    const queue = new QueueFile(paths.queue, paths.rejected);
    try {
      for (const t of p.tasks) await queue.append({ id: t.id, task: t.task, priority: 'normal', created: now.toISOString(), ...(t.verify && { verify: t.verify }), tags: t.tags });
    } finally {
      await queue.close();
    }
  }
  return { dir: root, files: Object.keys(files), agents: agents.map((a) => a.name), tasks: p.tasks.map((t) => t.id) };
}
