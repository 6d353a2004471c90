// tools/: the tool runtime — registry, capability policy and tokens, bubblewrap sandbox, MCP,
// approvals. Other folders use the runtime, the approvals store and the plain workspace tools.
export { ToolRuntime, type ToolRuntimeOptions } from './tool-runtime.ts';
export type { AgentTools } from './agent-tools.ts';
export { ApprovalStore, ApprovalError, newRequestId, type ApprovalRequest, type Decision, type RequestView, type Checkpoint } from './approvals/index.ts';
export { ToolError, isToolErrorResult } from './errors.ts';
export { CapabilityError } from './policy/capability.ts';
export { sandboxHost } from './sandbox/index.ts';
export { workspaceTools, createWorkspaceTools } from './workspace-tools.ts';
export type { ToolCallRecord } from './record.ts';
