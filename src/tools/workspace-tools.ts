// The built-in workspace tools as an AI SDK ToolSet. Each tool's failures come back to
// the model as `{ error, code }` results, never as throws, so the act loop goes on and
// the model can correct itself. Policy, approvals and the shell slot in as further
// ToolSets merged here and wrapped by the same recordCalls.
import path from 'node:path';
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import type { AgentConfig } from '../config/index.ts';
import { toErrorResult, ToolError, type ToolErrorResult } from './errors.ts';
import { LIST_CAP, listFilesTool } from './list-files.ts';
import { READ_CAP, readFileTool } from './read-file.ts';
import { recordCalls, type OnToolCall } from './record.ts';
import { WRITE_CAP, writeFileTool } from './write-file.ts';

export interface WorkspaceToolsOptions {
  /** Sees one record per tool call (see ToolCallRecord). */
  onCall?: OnToolCall;
  /** Named in each record. */
  agent?: string;
}

/** Same rule as store/paths.ts AGENT_NAME_RE: one safe path segment. */
const AGENT_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** `<dataDir>/agents/<name>/workspace`, as store/paths.ts agentPaths().workspace. */
export function agentWorkspace(dataDir: string, name: string): string {
  if (!AGENT_NAME_RE.test(name)) throw new ToolError('PATH_INVALID', `agent name ${JSON.stringify(name)} is not a valid slug (expected ${AGENT_NAME_RE})`);
  return path.join(path.resolve(dataDir), 'agents', name, 'workspace');
}

async function guarded<T>(run: () => Promise<T>): Promise<T | ToolErrorResult> {
  try {
    return await run();
  } catch (e) {
    return toErrorResult(e);
  }
}

const pathField = z.string().describe("a path relative to the workspace, e.g. 'notes/plan.md'; no absolute paths, no '..'");

/** The three file tools confined to `workspace` (an absolute directory, created on first use). */
export function createWorkspaceTools(workspace: string, opts: WorkspaceToolsOptions = {}): ToolSet {
  const tools: ToolSet = {
    read_file: tool({
      description: `Read a UTF-8 text file from your workspace. Returns at most ${READ_CAP / 1024} KiB; 'truncated' says when there is more.`,
      inputSchema: z.object({ path: pathField }),
      execute: (input) => guarded(() => readFileTool(workspace, input)),
    }),
    write_file: tool({
      description: `Create or replace a text file in your workspace (parent directories are created). At most ${WRITE_CAP / 1024 / 1024} MiB. Files under .git and .gitmodules cannot be written.`,
      inputSchema: z.object({ path: pathField, content: z.string().describe('the complete new content of the file') }),
      execute: (input) => guarded(() => writeFileTool(workspace, input)),
    }),
    list_files: tool({
      description: `List the entries of a directory in your workspace (default: the workspace root), at most ${LIST_CAP}. Set recursive to include subdirectories.`,
      inputSchema: z.object({
        path: pathField.optional().describe("a directory relative to the workspace; default '.'"),
        recursive: z.boolean().optional().describe('include the contents of subdirectories (default false)'),
      }),
      execute: (input) => guarded(() => listFilesTool(workspace, input)),
    }),
  };
  return opts.onCall ? recordCalls(tools, opts.onCall, opts.agent) : tools;
}

/** What the kernel's runtime takes: each agent's tools, confined to its own workspace. */
export function workspaceTools(dataDir: string, opts: Omit<WorkspaceToolsOptions, 'agent'> = {}): (agent: AgentConfig) => ToolSet {
  return (agent) => createWorkspaceTools(agentWorkspace(dataDir, agent.name), { ...opts, agent: agent.name });
}
