// The registry of judge kinds: each kind's function and its default time limit.
import type { JudgeKind, JudgeSpec } from '../../store/index.ts';
import { containsJudge, jsonSchemaJudge, regexJudge } from './answer.ts';
import { commandJudge, securityJudge, toolJudge } from './commands.ts';
import { humanJudge, llmJudge } from './model.ts';
import type { JudgeFn, Verdict } from './types.ts';

/** Default time limit per kind, seconds (a spec's timeout_s wins). */
export const DEFAULT_TIMEOUT_S: Record<JudgeKind, number> = {
  command: 120, tests: 300, lint: 120, typecheck: 300, security: 60,
  regex: 5, contains: 5, 'json-schema': 5, llm: 120, human: 10,
};

const answerOnly = <S extends JudgeSpec>(fn: (spec: S, answer: string) => Verdict): JudgeFn<S> => async (spec, env) => fn(spec, env.report.response);

export const JUDGES: { [K in JudgeKind]: JudgeFn<Extract<JudgeSpec, { kind: K }>> } = {
  command: commandJudge,
  tests: toolJudge,
  lint: toolJudge,
  typecheck: toolJudge,
  security: securityJudge,
  regex: answerOnly(regexJudge),
  contains: answerOnly(containsJudge),
  'json-schema': answerOnly(jsonSchemaJudge),
  llm: llmJudge,
  human: humanJudge,
};
