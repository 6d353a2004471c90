// eval/: judges (the kernel's JudgePort), eval suites, run comparison, learning measures, HTML/SVG reports.
export { JudgeRuntime, type JudgeRuntimeOptions } from './judge-runtime.ts';
