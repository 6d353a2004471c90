// Public face of tools/: the built-in workspace tools and their call records.
export { agentWorkspace, createWorkspaceTools, workspaceTools, type WorkspaceToolsOptions } from './workspace-tools.ts';
export { recordCalls, resultBytes, type OnToolCall, type ToolCallRecord } from './record.ts';
export { ToolError, toErrorResult, isToolErrorResult, type ToolErrorCode, type ToolErrorResult } from './errors.ts';
export { splitRelative, isInside, writeRefusal } from './confine.ts';
export { READ_CAP } from './read-file.ts';
export { WRITE_CAP } from './write-file.ts';
export { LIST_CAP } from './list-files.ts';
export type { ReadFileResult } from './read-file.ts';
export type { WriteFileResult } from './write-file.ts';
export type { ListFilesResult, ListEntry } from './list-files.ts';
