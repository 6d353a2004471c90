// `agentos tool AGENT NAME --args JSON`: run one tool under the agent's policy, capability
// token and sandbox, and print the result — a person tries a policy before an agent does.
// Exit 0 when the tool ran and succeeded, 1 when it ran and failed, 5 when the policy denied it.
import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { UnknownAgentError } from '../../kernel/index.ts';
import { agentsYamlPath } from '../../store/index.ts';
import { registerEnvSecrets } from '../../telemetry/index.ts';
import { ToolRuntime, isToolErrorResult } from '../../tools/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';


export const spec: CommandSpec = {
  name: 'tool',
  summary: "run one tool under an agent's policy and sandbox, print the result (try a policy before an agent does)",
  usage: "agentos tool AGENT NAME [--args JSON] [--approve] [--list] [--data DIR]",
  options: { args: { type: 'string' }, approve: { type: 'boolean' }, list: { type: 'boolean' } },
  help: [
    "--args JSON         the tool's arguments, e.g. '{\"command\":\"ls -la\"}' (default {})",
    '--approve           you approve the call yourself, for a tool the policy gates behind approval',
    '--list              list the tools the agent is offered and those refused, with why',
    `exit: 0 ran and succeeded, 1 ran and failed, ${EXIT.denied} denied by the policy (or needs --approve)`,
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const [agentName, name, ...rest] = positionals;
  if (!agentName || (!name && !values.list) || rest.length > 0) throw new UsageError('expected AGENT and NAME (or AGENT --list)', helpText(spec));
  registerEnvSecrets();
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  const config = agents.find((a) => a.name === agentName);
  if (!config) throw new UnknownAgentError(agentName, agents.map((a) => a.name));
  let input: unknown = {};
  if (str(values.args) !== undefined) {
    try {
      input = JSON.parse(str(values.args)!);
    } catch (e) {
      throw new UsageError(`--args is not valid JSON: ${(e as Error).message}`, helpText(spec));
    }
  }
  const rt = new ToolRuntime({ dataDir, onProblem: (m) => err(`warning: ${m}`) });
  try {
    const tools = rt.forAgent(config);
    if (values.list) {
      const s = await tools.session('');
      s.revokeAll();
      for (const m of s.offered) out(`offered  ${m.name.padEnd(28)} ${m.tier.padEnd(9)} ${m.effect}${s.tools[m.name].needsApproval ? '  (needs approval)' : ''}`);
      for (const r of s.refused) out(`refused  ${r.name.padEnd(28)} ${r.reason}`);
      return EXIT.ok;
    }
    const r = await tools.callTool(name!, input, values.approve === true);
    if (r.gated) {
      err(`agentos tool: '${name}' needs a person's approval under ${agentName}'s policy (autonomy ${config.autonomyLevel}, risk ${config.riskLevel}); pass --approve to approve this call yourself`);
      return EXIT.denied;
    }
    out(JSON.stringify(r.result, null, 2));
    if (isToolErrorResult(r.result)) {
      const code = (r.result as { code?: string }).code;
      return code === 'POLICY_DENIED' || code === 'CAPABILITY' || code === 'NETWORK_DENIED' || code === 'PATH_ESCAPE' || code === 'PATH_PROTECTED' || code === 'PATH_ABSOLUTE' ? EXIT.denied : EXIT.failed;
    }
    const exit = (r.result as { exit_code?: unknown }).exit_code;
    return exit === undefined || exit === 0 ? EXIT.ok : EXIT.failed;
  } finally {
    await rt.close();
  }
}
