import { clusterOptions, enqueueRemote } from '../../cluster/index.ts';
import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { checkSpeculate, describeZodError, isDoneInHistory, newTask, TaskIdUsedError, TaskInput, UnknownAgentError } from '../../kernel/index.ts';
import { agentCard, checkIntake, chooseAgent } from '../../iac/index.ts';
import { agentPaths, agentsYamlPath, Git, QueueFile } from '../../store/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'enqueue',
  summary: "append a task to an agent's queue.md (safe while the runtime runs)",
  usage: 'agentos enqueue (AGENT | --any) "TASK" [--id ID] [--priority high|normal|low] [--verify CMD] [--ttl T] [--tag T]... [--after ID]... [--speculate N] [--redis URL]',
  options: {
    id: { type: 'string' },
    priority: { type: 'string' },
    verify: { type: 'string' },
    ttl: { type: 'string' },
    tag: { type: 'string', multiple: true },
    after: { type: 'string', multiple: true },
    any: { type: 'boolean' },
    lock: { type: 'string', multiple: true },
    speculate: { type: 'string' },
    redis: { type: 'string' },
  },
  help: [
    '--id ID             task id (default: words of the task, the time and random bits)',
    '--priority P        high, normal (default) or low',
    '--verify CMD        a command run in the workspace afterwards; exit 0 means verified',
    '--ttl T             seconds or 90s/10m/2h/1d: dead-letter the task if it has not started by then',
    '--tag T             a context tag (repeatable)',
    '--after ID          wait until task ID has completed, by any agent (repeatable)',
    '--any               no AGENT: give it to the agent whose domain, skills and hints match best (prints AGENT TASK-ID)',
    '--lock NAME         a shared resource the task holds while it runs (repeatable)',
    '--speculate N       run N attempts in forked workspaces; the best one that passes verify and judges is merged (at most speculation.max)',
    '--redis URL         into the agent\'s BullMQ queue on this Redis (a cluster), not queue.md',
    'A queue at its throughput class depth refuses the task (exit 6), never drops it.',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [first, second, ...rest] = values.any ? [undefined, ...positionals] : positionals;
  const text = second;
  if ((!values.any && !first) || !text || rest.length > 0) throw new UsageError(values.any ? 'expected one quoted TASK with --any' : 'expected AGENT and one quoted TASK', helpText(spec));
  const redis = str(values.redis);
  if (redis) {
    if (values.any) throw new UsageError('--any picks an agent by its files: in a cluster, send the task to a worker\'s API (POST /tasks)', helpText(spec));
    const task = newTask(taskInput(values, text));
    await enqueueRemote(clusterOptions({ redis }), first ?? '', task);
    out(task.id);
    return EXIT.ok;
  }
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  let agent = first ?? '';
  if (values.any) {
    agent = chooseAgent(text, await Promise.all(agents.map((a) => agentCard(dataDir, a, new Date())))).agent;
  }
  const config = agents.find((a) => a.name === agent);
  if (!config) throw new UnknownAgentError(agent, agents.map((a) => a.name));
  const task = newTask(taskInput(values, text));
  checkSpeculate(config, task);
  const paths = agentPaths(dataDir, agent);
  // An id the agent completed before would be queued, then rejected as done: refuse it (exit 8).
  if (await isDoneInHistory(new Git(paths.root), agent, task.id)) throw new TaskIdUsedError(agent, task.id);
  const queue = new QueueFile(paths.queue, paths.rejected);
  try {
    checkIntake(config, (await queue.read()).tasks.length);
    await queue.append(task);
  } finally {
    queue.close();
  }
  out(values.any ? `${agent} ${task.id}` : task.id);
  return EXIT.ok;
}

/** The flags as a task, or the usage error that says what to change. */
function taskInput(values: Record<string, unknown>, text: string): TaskInput {
  const ttl = str(values.ttl);
  const parsed = TaskInput.safeParse({
    task: text,
    id: str(values.id),
    priority: str(values.priority),
    verify: str(values.verify),
    ttl: ttl !== undefined && /^\d+(\.\d+)?$/.test(ttl) ? Number(ttl) : ttl,
    tags: values.tag,
    after: values.after,
    locks: values.lock,
    speculate: str(values.speculate) === undefined ? undefined : /^\d+$/.test(str(values.speculate)!) ? Number(values.speculate) : str(values.speculate),
  });
  if (!parsed.success) throw new UsageError(describeZodError(parsed.error), helpText(spec));
  return parsed.data;
}
