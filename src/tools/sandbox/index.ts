// Public face of the sandbox: run a command under bubblewrap with limits.
export { runSandboxed, sandboxCommand, SandboxUnavailableError, type SandboxRun, type SandboxResult } from './run.ts';
export { sandboxHost, INSTALL_HINT, type SandboxHost } from './host.ts';
export { bwrapArgs, sandboxEnv, SANDBOX_WORKSPACE, PROTECTED_IN_WORKSPACE, type SandboxLimits, type SandboxSpec, type HostLayout } from './bwrap-args.ts';
export { CappedOutput } from './output.ts';
