// `agentos new [DIR] [--answers FILE.yaml]`: a purpose-built runtime from seed 000's template.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { askAnswers, ANSWER_KEYS, generateRuntime, parseAnswers, type Answers } from '../../scaffold/index.ts';
import { EXIT, helpText, parse, str, UsageError, type CommandSpec } from '../args.ts';
import { err, out } from '../output.ts';

export const spec: CommandSpec = {
  name: 'new',
  summary: "generate a purpose-built runtime from seed 000's template: policy, folders, checks, PII rules, metrics, deployment, tasks",
  usage: 'agentos new [DIR] [--answers FILE.yaml]',
  options: { answers: { type: 'string' } },
  help: [
    'DIR                 the folder to create (new or empty; default ./AGENT_NAME); it is a data directory',
    '--answers FILE      the answers as YAML, keys in snake_case: ' + ANSWER_KEYS.join(', '),
    'Without --answers the questions are asked in the terminal (a TTY is needed).',
  ],
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spec, argv);
  if (positionals.length > 1) throw new UsageError('expected at most one DIR', helpText(spec));
  const file = str(values.answers);
  let answers: Answers;
  if (file) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --answers ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, helpText(spec));
    }
    answers = parseAnswers(source, file);
  } else {
    if (!process.stdin.isTTY) throw new UsageError('no terminal to ask in: give the answers with --answers FILE.yaml', helpText(spec));
    answers = await askAnswers();
  }
  const dir = path.resolve(positionals[0] ?? answers.agent_name);
  const r = await generateRuntime(dir, answers);
  for (const a of r.plan.adjustments) out(`scaled down: ${a}`);
  for (const w of r.plan.warnings) err(`warning: ${w}`);
  out(`created ${r.dir}: agents ${r.agents.join(', ')}; ${r.tasks.length} example task(s) queued (${r.tasks.join(', ')})`);
  out(`next: read ${path.join(r.dir, 'README.md')}, copy .env.example to .env, then \`agentos run --once --data ${r.dir}\``);
  return EXIT.ok;
}
