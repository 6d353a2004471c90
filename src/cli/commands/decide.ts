// `agentos approve ID` and `agentos deny ID`: decide a pending request. The daemon picks
// the decision up on its next poll and resumes the paused task where it stopped.
import { resolveDataDir } from '../../config/index.ts';
import { ApprovalStore } from '../../tools/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { out } from '../output.ts';

function makeSpec(name: 'approve' | 'deny'): CommandSpec {
  return name === 'approve'
    ? {
        name, summary: 'approve a pending request (a tool call, a question, an outcome label)',
        usage: 'agentos approve ID [--reason R] [--choice N] [--answer TEXT] [--label L] [--data DIR]',
        options: { reason: { type: 'string' }, choice: { type: 'string' }, answer: { type: 'string' }, label: { type: 'string' } },
        help: ['--reason R          why (goes into the task record)', '--choice N          for a choice: the option number (1-based)', '--answer TEXT       for a question: your answer', '--label L           for an outcome: its label (e.g. correct, incorrect, partial)'],
      }
    : { name, summary: 'deny a pending request; the task goes on without it', usage: 'agentos deny ID [--reason R] [--data DIR]', options: { reason: { type: 'string' } }, help: ['--reason R          why (the agent sees it)'] };
}

async function decide(which: 'approve' | 'deny', argv: string[]): Promise<number> {
  const spec = makeSpec(which);
  const { values, positionals } = parse(spec, argv);
  const [id, ...rest] = positionals;
  if (!id || rest.length) throw new UsageError('expected one request ID (agentos approvals lists them)', helpText(spec));
  const choice = str(values.choice);
  if (choice !== undefined && !/^[1-9]\d*$/.test(choice)) throw new UsageError('--choice takes an option number, 1 or more', helpText(spec));
  const store = new ApprovalStore(resolveDataDir(str(values.data)));
  const d = await store.decide(id, {
      decision: which === 'approve' ? 'approved' : 'denied', by: 'cli', reason: str(values.reason),
      ...(choice !== undefined && { choice: Number(choice) - 1 }), answer: str(values.answer), label: str(values.label),
    });
  out(`${d.id}: ${d.decision}${d.reason ? ` (${d.reason})` : ''}; a running daemon resumes the task within its poll interval`);
  return EXIT.ok;
}

export const approve = { spec: makeSpec('approve'), run: (argv: string[]) => decide('approve', argv) };
export const deny = { spec: makeSpec('deny'), run: (argv: string[]) => decide('deny', argv) };
