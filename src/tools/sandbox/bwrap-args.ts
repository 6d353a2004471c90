// The bubblewrap command line for one sandboxed run. Pure: what is mounted where, which
// namespaces, which limits, is decided from the spec alone and tested without running.
//
// The sandbox sees: the system's programs and libraries read-only (/usr, /etc less its
// secrets, and the /bin, /lib… links), a fresh /proc, a minimal /dev, a private /tmp and
// HOME on tmpfs, and the agent's workspace at /workspace, writable (or read-only). Nothing
// else of the host: not the data directory, not other agents, not the capability key,
// not the runtime's environment. New user, PID, network, IPC, UTS and cgroup namespaces,
// all capabilities dropped, a new session (no TIOCSTI into the caller's terminal), and it
// dies with its parent. Limits are set by prlimit inside, before the command starts.

export const SANDBOX_WORKSPACE = '/workspace';
export const SANDBOX_HOME = '/tmp/home';
/** The uid and gid the command sees (mapped to the runtime's own outside). */
export const SANDBOX_UID = 1000;

export interface SandboxLimits {
  cpuS: number;
  memoryMb: number;
  processes: number;
  fileSizeMb: number;
  /** Size of the private /tmp. */
  tmpMb: number;
  openFiles: number;
}

export interface HostLayout {
  /** Top-level entries of / that are symlinks (e.g. /bin -> usr/bin), with their targets. */
  links: Record<string, string>;
  /** Top-level system directories that are real directories here (e.g. /lib64 on some hosts). */
  dirs: string[];
  /** Files under /etc to hide (replaced by an empty file), when they exist. */
  etcSecrets: string[];
  /** Absolute path of prlimit. */
  prlimit: string;
}

export interface SandboxSpec {
  /** Real host path of the workspace. */
  workspace: string;
  workspaceWritable: boolean;
  /**
   * Workspace-relative paths that exist and must stay read-only even in a writable
   * workspace (.git/hooks, .git/config, …), each bound read-only over itself.
   */
  protect: string[];
  /** A host path of an empty directory, bound read-only at /workspace/.git when the workspace has none. */
  maskGitWith?: string;
  /** Further host paths bound read-only at the same place (e.g. a Node runtime). */
  readOnly: string[];
  /** Share the host's network namespace. Off unless the policy asks for it. */
  network: boolean;
  env: Record<string, string>;
  limits: SandboxLimits;
  /** Working directory inside, below /workspace. */
  cwd?: string;
}

const MB = 1024 * 1024;

export function bwrapArgs(spec: SandboxSpec, layout: HostLayout, argv: readonly string[]): string[] {
  const a: string[] = ['--unshare-all'];
  if (spec.network) a.push('--share-net');
  a.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_UID), '--hostname', 'sandbox');
  a.push('--ro-bind', '/usr', '/usr');
  for (const [link, target] of Object.entries(layout.links).sort()) a.push('--symlink', target, link);
  for (const dir of [...layout.dirs].sort()) a.push('--ro-bind', dir, dir);
  a.push('--ro-bind', '/etc', '/etc');
  for (const secret of layout.etcSecrets) a.push('--ro-bind', '/dev/null', secret);
  a.push('--proc', '/proc', '--dev', '/dev');
  a.push('--size', String(spec.limits.tmpMb * MB), '--tmpfs', '/tmp', '--dir', SANDBOX_HOME);
  // After the private /tmp, so a read-only path under /tmp (a checkout there) is not hidden by it.
  for (const p of spec.readOnly) a.push('--ro-bind', p, p);
  a.push(spec.workspaceWritable ? '--bind' : '--ro-bind', spec.workspace, SANDBOX_WORKSPACE);
  for (const rel of spec.protect) a.push('--ro-bind', `${spec.workspace}/${rel}`, `${SANDBOX_WORKSPACE}/${rel}`);
  if (spec.maskGitWith) a.push('--ro-bind', spec.maskGitWith, `${SANDBOX_WORKSPACE}/.git`);
  a.push('--chdir', spec.cwd ? `${SANDBOX_WORKSPACE}/${spec.cwd}` : SANDBOX_WORKSPACE);
  a.push('--clearenv');
  for (const [k, v] of Object.entries(sandboxEnv(spec.env))) a.push('--setenv', k, v);
  const l = spec.limits;
  a.push(
    '--',
    layout.prlimit,
    `--cpu=${l.cpuS}`,
    `--as=${l.memoryMb * MB}`,
    `--nproc=${l.processes}`,
    `--fsize=${l.fileSizeMb * MB}`,
    `--nofile=${l.openFiles}`,
    '--core=0',
    '--',
    ...argv,
  );
  return a;
}

/** The environment inside: a fixed minimal one plus what the caller adds; never the runtime's. */
export function sandboxEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin',
    HOME: SANDBOX_HOME,
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    ...extra,
  };
}

/** Workspace-relative paths a sandboxed command may never change, when they exist. */
export const PROTECTED_IN_WORKSPACE = ['.git/hooks', '.git/config', '.git/info', '.gitmodules'];
