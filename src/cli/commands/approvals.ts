// `agentos approvals`: what waits for a person — gated tool calls, questions, outcome labels.
import { resolveDataDir } from '../../config/index.ts';
import { ApprovalStore, type RequestView } from '../../tools/index.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'approvals',
  summary: 'list what waits for a person: gated tool calls, questions (ask_human), outcome labels, paused agents',
  usage: 'agentos approvals [--agent NAME] [--all] [--json] [--data DIR]',
  options: { agent: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  help: ['--agent NAME        only this agent', '--all               include decided requests not yet taken up', '--json              JSON, for scripts'],
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  const store = new ApprovalStore(resolveDataDir(str(values.data)));
  const all = await store.list(str(values.agent));
  const shown = values.all ? all : all.filter((r) => r.status === 'pending');
  if (values.json) {
    out(JSON.stringify({ requests: shown }, null, 2));
    return EXIT.ok;
  }
  if (shown.length === 0) {
    out('nothing waits for a person');
    return EXIT.ok;
  }
  for (const r of shown) printRequest(r);
  return EXIT.ok;
}

export function printRequest(r: RequestView): void {
  out(`${r.id}  ${r.kind.padEnd(7)} ${r.agent}/${r.task}  ${r.status}${r.decision ? ` (${r.decision.decision} by ${r.decision.by})` : `, expires ${r.expires}`}`);
  if (r.kind === 'approve') out(`    ${r.tool} ${r.args ?? ''}`);
  if (r.question) out(`    ${r.question}`);
  r.options?.forEach((o, i) => out(`      ${i + 1}. ${o}`));
  const how =
    r.kind === 'approve' ? `agentos approve ${r.id} | agentos deny ${r.id} --reason "…"`
    : r.kind === 'choose' ? `agentos approve ${r.id} --choice N`
    : r.kind === 'context' ? `agentos approve ${r.id} --answer "…"`
    : r.kind === 'supervise' ? `agentos resume ${r.agent} (or agentos approve ${r.id}); agentos deny ${r.id} keeps it paused`
    : `agentos approve ${r.id} --label correct|incorrect|partial`;
  if (r.status === 'pending') out(`    → ${how}`);
}
