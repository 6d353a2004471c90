// The `agentos` command: dispatch to sub-commands, map errors to exit codes.
import { AgentOsError, exitCodeOf, isExpected } from '../errors.ts';
import { EXIT, UsageError } from './args.ts';
import { readFileSync } from 'node:fs';
import { err, guardPipes, out } from './output.ts';
import * as bench from './commands/bench.ts';
import * as demo from './commands/demo.ts';
import * as enqueue from './commands/enqueue.ts';
import * as init from './commands/init.ts';
import * as log from './commands/log.ts';
import * as reindex from './commands/reindex.ts';
import * as report from './commands/report.ts';
import * as run from './commands/run.ts';
import * as status from './commands/status.ts';
import * as routing from './commands/routing.ts';
import * as tool from './commands/tool.ts';
import * as approvals from './commands/approvals.ts';
import { approve, deny } from './commands/decide.ts';
import * as vote from './commands/vote.ts';
import * as evalCmd from './commands/eval.ts';
import * as exportCmd from './commands/export.ts';
import * as importCmd from './commands/import.ts';
import * as skills from './commands/skills.ts';
import * as newCmd from './commands/new.ts';
import * as watch from './commands/watch.ts';
import * as resume from './commands/resume.ts';
import { revert, rewind } from './commands/rollback.ts';
import * as remote from './commands/remote.ts';
import * as mcp from './commands/mcp.ts';
import * as replay from './commands/replay.ts';
import { helpText, type CommandSpec } from './args.ts';

interface Command {
  spec: CommandSpec;
  run: (argv: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = { init, run, enqueue, status, log, demo, report, routing, reindex, bench, tool, approvals, approve, deny, vote, watch, remote, eval: evalCmd, export: exportCmd, import: importCmd, skills, new: newCmd, mcp, revert, rewind, resume, replay };

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'agentos: a runtime for self-learning LLM agents whose mind is Markdown and YAML in git',
    '',
    'usage: agentos COMMAND [options]   (agentos COMMAND --help for its options)',
    '       agentos --version',
    '',
    'commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
  ].join('\n');
}

/** The version of this AgentOS, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export async function main(argv: string[]): Promise<number> {
  guardPipes();
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    out(`agentos ${version()} (node ${process.version})`);
    return EXIT.ok;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`agentos: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(helpText(command.spec));
    return EXIT.ok;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    return failure(name, e);
  }
}

/** One clear line and the exit code of the error's code (src/errors.ts); a stack only for bugs, on request. */
export function failure(command: string, e: unknown): number {
  if (e instanceof UsageError) {
    err(`agentos ${command}: ${e.message}\n\n${e.help}`);
    return EXIT.usage;
  }
  if (isExpected(e)) {
    err(`agentos ${command}: ${e.message}`);
    return exitCodeOf(e);
  }
  const message = e instanceof Error ? e.message : String(e);
  err(`agentos ${command}: internal error: ${message}`);
  if (process.env.AGENTOS_DEBUG && e instanceof Error && e.stack) err(e.stack);
  else err('(a bug in AgentOS: set AGENTOS_DEBUG=1 to print the stack, and please report it)');
  return AgentOsError.isInstance(e) ? exitCodeOf(e) : EXIT.internal;
}
