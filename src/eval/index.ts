// eval/: judges (the kernel's JudgePort), eval suites in scratch copies, run comparison, learning
// measures and curves, self-contained HTML/SVG reports. The CLI calls the four commands below.
export { JudgeRuntime, type JudgeRuntimeOptions } from './judge-runtime.ts';
export { runEvals, compareEvals, evalLearning, agentReportPage, type StoredRun } from './commands.ts';
export { MAX_REPEAT, type EvalEnv, type OpenRuntime } from './run.ts';
export { EvalError } from './errors.ts';
export type { Comparison } from './compare.ts';
export type { RunResults } from './results.ts';
export { replayTasks, formatReport, formatSummary, type ReplaySummary } from './replay-report.ts';
export type { ReplayEnv, ReplayReport } from './replay.ts';
