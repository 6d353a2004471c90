// What the kernel asks of the judges (eval/ implements it; the composition wires it in through
// RuntimeOptions.judges): grade one task's result with the judges that apply to it. The kernel
// decides which judges apply (the agent's defaults and the task's own), runs commands the way it
// runs `verify:` (sandboxed through the act port), and bounds the whole call (judging.ts).
import type { JudgeResult, TaskReport, VerifyResult } from '../learn/index.ts';
import type { JudgeSpec, QueueTask } from '../store/index.ts';

export interface JudgeRequest {
  task: QueueTask;
  /** The judges to run, each with its unique name. */
  judges: { spec: JudgeSpec; name: string }[];
  report: TaskReport;
  verify?: VerifyResult;
  /** Runs a command in the agent's workspace exactly as `verify:` runs (in the sandbox when the tool runtime is wired). */
  run(command: string, timeoutMs: number): Promise<VerifyResult>;
  signal: AbortSignal;
}

export interface JudgePort {
  /** One result per judge asked, in order; a judge that cannot judge reports status `error`, never `pass`. */
  judge(req: JudgeRequest): Promise<JudgeResult[]>;
}
