export { Runtime, UnknownAgentError, type RuntimeOptions } from './runtime.ts';
export { RuntimeEvents, type RuntimeEvent } from './events.ts';
export { bootstrapAgent, bootstrapShared, INIT_MESSAGE } from './bootstrap.ts';
export { DataDirBusyError } from './daemon-lock.ts';
export { pickNext, isExpired, ttlMs } from './schedule.ts';
export { checkChangePath, UnsafeChangeError } from './commit.ts';
export type { AgentWorker, WorkerStats } from './worker.ts';
export { TaskInput, newTask, generateTaskId, describeZodError } from './new-task.ts';
export { agentStatus, type AgentStatus } from './status.ts';
