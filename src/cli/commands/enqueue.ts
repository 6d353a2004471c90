import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { describeZodError, newTask, TaskInput, UnknownAgentError } from '../../kernel/index.ts';
import { agentPaths, agentsYamlPath, QueueFile } from '../../store/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'enqueue',
  summary: "append a task to an agent's queue.md (safe while the runtime runs)",
  usage: 'agentos enqueue AGENT "TASK" [--id ID] [--priority high|normal|low] [--verify CMD] [--ttl T] [--tag T]... [--after ID]...',
  options: {
    id: { type: 'string' },
    priority: { type: 'string' },
    verify: { type: 'string' },
    ttl: { type: 'string' },
    tag: { type: 'string', multiple: true },
    after: { type: 'string', multiple: true },
  },
  help: [
    '--id ID             task id (default: words of the task, the time and random bits)',
    '--priority P        high, normal (default) or low',
    '--verify CMD        a command run in the workspace afterwards; exit 0 means verified',
    '--ttl T             seconds or 90s/10m/2h/1d: dead-letter the task if it has not started by then',
    '--tag T             a context tag (repeatable)',
    '--after ID          wait until task ID has completed (repeatable)',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agent, text, ...rest] = positionals;
  if (!agent || !text || rest.length > 0) throw new UsageError('expected AGENT and one quoted TASK', helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  if (!agents.some((a) => a.name === agent)) throw new UnknownAgentError(agent, agents.map((a) => a.name));
  const ttl = str(values.ttl);
  const parsed = TaskInput.safeParse({
    task: text,
    id: str(values.id),
    priority: str(values.priority),
    verify: str(values.verify),
    ttl: ttl !== undefined && /^\d+(\.\d+)?$/.test(ttl) ? Number(ttl) : ttl,
    tags: values.tag,
    after: values.after,
  });
  if (!parsed.success) throw new UsageError(describeZodError(parsed.error), helpText(spec));
  const task = newTask(parsed.data);
  const paths = agentPaths(dataDir, agent);
  const queue = new QueueFile(paths.queue, paths.rejected);
  try {
    await queue.append(task);
  } finally {
    queue.close();
  }
  out(task.id);
  return EXIT.ok;
}
