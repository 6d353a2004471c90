// shell: one command in the agent's bubblewrap sandbox (sandbox/), cwd the workspace.
// Refused — fail closed — when bubblewrap is missing or cannot start here.
import type { Limits } from './policy/policy.ts';
import { runSandboxed, SandboxUnavailableError, type SandboxResult } from './sandbox/index.ts';
import { splitRelative } from './confine.ts';
import { ToolError } from './errors.ts';

export const MAX_COMMAND_CHARS = 16 * 1024;

export interface ShellInput {
  command: string;
  /** Working directory below the workspace. */
  cwd?: string;
  timeout_s?: number;
}

export interface ShellResult {
  exit_code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the runtime stopped the command. */
  killed?: string;
  truncated: boolean;
  ms: number;
  /** Bytes of output returned (for the call record). */
  bytes: number;
}

export function sandboxLimits(l: Limits) {
  return { cpuS: l.cpuS, memoryMb: l.memoryMb, processes: l.processes, fileSizeMb: l.fileSizeMb, tmpMb: Math.min(l.diskMb, 512), openFiles: 1024 };
}

export async function shellTool(workspace: string, limits: Limits, input: ShellInput, signal?: AbortSignal, readOnly: string[] = []): Promise<ShellResult> {
  if (typeof input.command !== 'string' || input.command.trim() === '') throw new ToolError('PATH_INVALID', 'command must be a non-empty string');
  if (input.command.length > MAX_COMMAND_CHARS) throw new ToolError('TOO_LARGE', `the command is ${input.command.length} characters; at most ${MAX_COMMAND_CHARS}`);
  const cwd = input.cwd === undefined ? undefined : splitRelative(input.cwd).join('/') || undefined;
  const timeoutS = Math.min(input.timeout_s ?? limits.shellTimeoutS, limits.shellTimeoutS);
  let r: SandboxResult;
  try {
    r = await runSandboxed({
      workspace, argv: ['/bin/sh', '-c', input.command], limits: sandboxLimits(limits), timeoutMs: timeoutS * 1000,
      outputCap: limits.outputKb * 1024, diskQuota: limits.diskMb * 1024 * 1024, cwd, signal, readOnly,
    });
  } catch (e) {
    if (e instanceof SandboxUnavailableError) throw new ToolError('SANDBOX_UNAVAILABLE', `shell refused: ${e.message}`);
    throw e;
  }
  const result: ShellResult = {
    exit_code: r.exitCode, stdout: r.stdout, stderr: r.stderr, truncated: r.truncated, ms: r.ms,
    bytes: Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr),
  };
  if (r.killed) result.killed = KILL_NOTES[r.killed](timeoutS, limits);
  return result;
}

const KILL_NOTES = {
  timeout: (s: number) => `stopped after ${s} s (the shell time limit); it and everything it started were killed`,
  'disk-quota': (_s: number, l: Limits) => `stopped: the workspace grew by more than ${l.diskMb} MiB (limits.disk_mb)`,
  aborted: () => 'stopped: the task was cancelled',
} as const;
