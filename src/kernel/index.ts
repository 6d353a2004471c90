// kernel/: the pipeline, workers and scheduling, the commit path, and the ports other folders
// plug into (ActPort for tools, IacPort for inter-agent communication).
export { Runtime, UnknownAgentError, UnavailableError, type RuntimeOptions } from './runtime.ts';
export { closeAll } from './close-all.ts';
export { RuntimeEvents, clipText, type RuntimeEvent, type RuntimeEventType } from './events.ts';
export { bootstrapAgent, bootstrapShared } from './bootstrap.ts';
export { DataDirBusyError, acquireDaemonLock } from './daemon-lock.ts';
export { UnsafeChangeError } from './commit.ts';
export { TaskInput, newTask, generateTaskId, describeZodError } from './new-task.ts';
export { agentStatus, type AgentStatus } from './status.ts';
export { budgetStatus } from './routing.ts';
export type { ActPort, ActSession, CallKind, ResumePoint, ToolCallNote } from './act-port.ts';
export { traced, type TracingPort, type SpanScope, type SpanAttributes } from './tracing.ts';
export { readArchivedContext, contextArchiveDir, CONTEXT_KEEP_DEFAULT } from './context-archive.ts';
export type { JudgePort, JudgeRequest } from './judge-port.ts';
export type { AgentContext } from './agent-context.ts';
export type { IacHooks, IacHost, IacPort, PlanSummary } from './iac-port.ts';
export type { DeadLetterInfo } from './dead-letter.ts';
export type { TaskResult } from './pipeline.ts';
export { TaskIdUsedError, isDoneInHistory } from './task-history.ts';
export { StepCheckpoints } from './step-checkpoints.ts';
export { readRecording, parseReplayLine, ReplayFormatError, REPLAY_VERSION, type Recording, type ReplayTaskLine, type ReplayExchangeLine } from './replay-format.ts';
export { RecordedExchanges, replayDir, recordingFile, type Divergence } from './replay.ts';
export type { ReplaySource } from './replay-task.ts';
