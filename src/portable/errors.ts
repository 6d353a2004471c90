// Errors of moving agents and skills in and out: each says what is wrong and what to do.
import { AgentOsError } from '../errors.ts';

export type PortableCode = 'ARCHIVE_INVALID' | 'AGENT_EXISTS' | 'SECRET_IN_EXPORT' | 'SKILL_IMPORT_INVALID' | 'FORMAT_NEWER' | 'NOT_FOUND';

export class PortableError extends AgentOsError<PortableCode> {}

/** An export archive that cannot be imported: corrupt, truncated, hostile or from a newer AgentOS. */
export function archiveError(file: string, detail: string): PortableError {
  return new PortableError('ARCHIVE_INVALID', `${file}: ${detail}; nothing was imported`);
}
