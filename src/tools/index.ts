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
// The tool runtime: registry, policy, capabilities, sandbox, MCP, approvals.
export { ToolRuntime, type ToolRuntimeOptions } from './tool-runtime.ts';
export { AgentTools } from './agent-tools.ts';
export { buildSession, callOnce, clipArgs, type ToolDef, type ToolSession, type SessionSpec, type CallEnv } from './registry.ts';
export { builtinDefs, type BuiltinEnv } from './builtins.ts';
export { resolvePolicy, toolDecision, needsApproval, fileDecision, type Policy, type ToolMeta, type Limits } from './policy/policy.ts';
export { CapabilityAuthority, CapabilityError, peekClaims, type CapabilityClaims } from './policy/capability.ts';
export { loadCapabilityKey, CAPABILITY_KEY_ENV } from './policy/capability-key.ts';
export { ApprovalStore, ApprovalError, newRequestId, type ApprovalRequest, type Decision, type RequestView, type Checkpoint } from './approvals/index.ts';
export { sandboxHost, runSandboxed, INSTALL_HINT } from './sandbox/index.ts';
export { TOOL_INSTRUCTIONS, wrapUntrusted } from './untrusted.ts';
export { recordLine } from './record-lines.ts';
