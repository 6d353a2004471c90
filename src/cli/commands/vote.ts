import { loadAgentsFile, resolveDataDir } from '../../config/index.ts';
import { Consensus, SharedRepo, VOTES, type VoteValue } from '../../iac/index.ts';
import { bootstrapShared } from '../../kernel/index.ts';
import { agentsYamlPath } from '../../store/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'vote',
  summary: 'vote on a shared proposal (shared/iac/proposals/prop-NNN.md) as an agent or a person',
  usage: 'agentos vote PROP (AGENT | --as NAME) yes|no|abstain --reason "..." [--data DIR] [--json]',
  options: { as: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  help: [
    '--as NAME           vote as a person (NAME must be allowed by iac.consensus.voters, or voters: all)',
    '--reason TEXT       why (required): it is committed with the vote',
    '--json              one JSON object: the proposal status and the tally',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  const person = str(values.as);
  const [prop, ...rest] = positionals;
  const [voter, value, ...extra] = person ? [person, ...rest] : rest;
  if (!prop || !voter || !value || extra.length) throw new UsageError('expected PROP, AGENT (or --as NAME) and a vote', helpText(spec));
  if (!(VOTES as readonly string[]).includes(value)) throw new UsageError(`vote must be yes, no or abstain (got "${value}")`, helpText(spec));
  const reason = str(values.reason);
  if (!reason?.trim()) throw new UsageError('--reason is required: a vote says why', helpText(spec));
  const dataDir = resolveDataDir(str(values.data));
  const { agents } = await loadAgentsFile(agentsYamlPath(dataDir));
  if (!person && !agents.some((a) => a.name === voter)) throw new UsageError(`no agent named "${voter}"; to vote as a person use --as NAME`, helpText(spec));
  await bootstrapShared(dataDir);
  const consensus = new Consensus(new SharedRepo(dataDir), agents[0].iac!, agents.map((a) => a.name));
  const r = await consensus.vote(prop, voter, value as VoteValue, reason, new Date(), { person: Boolean(person) });
  if (values.json) out(JSON.stringify({ proposal: r.proposal.id, status: r.proposal.status, tally: r.tally, commit: r.commit }));
  else out(`${r.proposal.id}: ${voter} voted ${value}; status ${r.proposal.status} (${r.tally.why})`);
  return EXIT.ok;
}
