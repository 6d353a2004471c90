// Errors of `agentos new`: a bad answer (with file:line:column when it came from a file), or a
// target folder that already holds a runtime.
import { AgentOsError } from '../errors.ts';

export type ScaffoldCode = 'ANSWERS_INVALID' | 'SCAFFOLD_TARGET';

export class ScaffoldError extends AgentOsError<ScaffoldCode> {}
