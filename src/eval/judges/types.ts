// Shapes shared by the judge kinds: what a judge gets to look at and what it answers.
import type { ModelSettings } from '../../config/index.ts';
import type { TaskReport, VerifyResult } from '../../learn/index.ts';
import type { JudgeSpec, QueueTask } from '../../store/index.ts';

export interface Verdict {
  status: 'pass' | 'fail' | 'error' | 'pending';
  score: number | null;
  evidence: string;
}

export interface JudgeEnv {
  task: QueueTask;
  report: TaskReport;
  /** Runs a command in the workspace the way verify: runs (sandboxed). */
  run(command: string, timeoutMs: number): Promise<VerifyResult>;
  signal: AbortSignal;
  /** This judge's time limit, ms. */
  timeoutMs: number;
  /** The model an `llm` judge asks. */
  model?: ModelSettings;
  /** Asks a person to label the outcome; returns the request id (absent: a human judge only reports pending). */
  requestLabel?: (task: QueueTask, question: string) => Promise<string>;
}

export type JudgeFn<S extends JudgeSpec = JudgeSpec> = (spec: S, env: JudgeEnv) => Promise<Verdict>;

export const verdict = (status: Verdict['status'], evidence: string, score: number | null = null): Verdict => ({ status, score, evidence });
