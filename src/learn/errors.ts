// A learned record that does not parse: says which file, which line, and what was expected,
// so state.ts can quarantine it and a person can fix it.
import { AgentOsError } from '../errors.ts';

export class LearnParseError extends AgentOsError<'LEARN_PARSE'> {
  /** Path relative to the agent directory, e.g. "rewards.md" or "skills/x/SKILL.md". */
  readonly file: string;
  /** 1-based line in that file. */
  readonly line: number;
  /** The problem without the location prefix. */
  readonly detail: string;

  constructor(file: string, line: number, detail: string) {
    super('LEARN_PARSE', `${file}:${line}: ${detail}`);
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
