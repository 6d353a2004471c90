// Errors of eval/: a suite, policy or results file that cannot be used (with file:line:column
// and what to change), and a run id that names no stored run.
import { AgentOsError } from '../errors.ts';

export type EvalErrorCode = 'EVAL_INPUT' | 'EVAL_NO_RUN';

export class EvalError extends AgentOsError<EvalErrorCode> {
  constructor(code: EvalErrorCode, message: string) {
    super(code, message);
  }
}
