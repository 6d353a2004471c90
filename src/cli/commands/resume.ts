// `agentos resume AGENT`: end a watchdog pause (kernel/supervision.ts). It approves the agent's
// pending supervise request and leaves a resume mark; a running daemon resumes the agent within
// its poll interval (at once through POST /agents/AGENT/resume), else the next start does.
import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { markResume, UnknownAgentError } from '../../kernel/index.ts';
import { agentsYamlPath } from '../../store/index.ts';
import { ApprovalStore } from '../../tools/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'resume',
  summary: 'resume an agent its watchdog paused (a streak of −1 rewards or dead letters)',
  usage: 'agentos resume AGENT [--reason R] [--data DIR]',
  options: { reason: { type: 'string' } },
  help: [
    '--reason R          why (recorded in the resume commit and the request\'s decision)',
    'Safe while the daemon runs: it resumes within its poll interval. Prints "not paused" (exit 0) when there is nothing to resume.',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agent, ...rest] = positionals;
  if (!agent || rest.length) throw new UsageError('expected one AGENT', helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  if (!agents.some((a) => a.name === agent)) throw new UnknownAgentError(agent, agents.map((a) => a.name));
  const reason = str(values.reason);
  const by = `cli${reason ? `: ${reason}` : ''}`;
  const pause = await markResume(dataDir, agent, by);
  if (!pause) {
    out(`${agent} is not paused by its watchdog; nothing to resume`);
    return EXIT.ok;
  }
  if (pause.request) {
    const store = new ApprovalStore(dataDir);
    const pending = (await store.superviseRequests(agent)).some((r) => r.id === pause.request) && !(await store.decision(agent, pause.request));
    if (pending) await store.decide(pause.request, { decision: 'approved', by: 'cli', reason: reason ?? 'agentos resume' });
  }
  out(`${agent}: resume requested (paused since ${pause.at}: ${pause.streak} × ${pause.count}); a running daemon resumes it within its poll interval, else the next start does`);
  return EXIT.ok;
}
