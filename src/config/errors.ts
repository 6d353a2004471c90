// Configuration errors carry where the problem is, so a person can fix it at once.
import { AgentOsError } from '../errors.ts';

export interface ConfigLocation {
  file: string;
  line?: number;
  column?: number;
}

export class ConfigError extends AgentOsError<'CONFIG_INVALID'> {
  readonly location: ConfigLocation | undefined;
  readonly problems: string[];

  constructor(message: string, location?: ConfigLocation, problems: string[] = []) {
    super('CONFIG_INVALID', message);
    this.location = location;
    this.problems = problems;
  }
}

export function formatLocation(loc: ConfigLocation): string {
  if (loc.line === undefined) return loc.file;
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}
