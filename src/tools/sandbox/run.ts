// Runs one command in the bubblewrap sandbox and always returns: exit status, capped
// output, and why it was stopped if it was (wall-clock timeout, disk quota). The whole
// process tree goes when it ends: bubblewrap's PID namespace takes every process with
// its init (background daemons included), --die-with-parent covers the runtime dying,
// and a timeout kills the process group (and the pids cgroup, when there is one).
import { AgentOsError } from '../../errors.ts';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bwrapArgs, PROTECTED_IN_WORKSPACE, type SandboxLimits } from './bwrap-args.ts';
import { createPidsCgroup } from './cgroup.ts';
import { sandboxHost } from './host.ts';
import { CappedOutput } from './output.ts';

export class SandboxUnavailableError extends AgentOsError<'SANDBOX_UNAVAILABLE'> {
  constructor(message: string) {
    super('SANDBOX_UNAVAILABLE', message);
  }
}

export interface SandboxRun {
  workspace: string;
  argv: string[];
  limits: SandboxLimits;
  timeoutMs: number;
  /** Bytes of stdout and of stderr kept (each). */
  outputCap: number;
  /** Growth of the workspace's file system, in bytes, that stops the run. */
  diskQuota: number;
  writable?: boolean;
  network?: boolean;
  env?: Record<string, string>;
  readOnly?: string[];
  /** Working directory below the workspace. */
  cwd?: string;
  signal?: AbortSignal;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /** Why the runtime stopped it: 'timeout', 'disk-quota', 'aborted'; undefined when it ended by itself. */
  killed?: 'timeout' | 'disk-quota' | 'aborted';
  ms: number;
  /** How the process count was bounded: RLIMIT_NPROC, a pids cgroup, or (root without cgroups) only by time. */
  processLimit: 'rlimit' | 'cgroup' | 'timeout-only';
}

const locks = new Map<string, Promise<unknown>>();

/** Runs one at a time per workspace: the read-only protections are checked, then mounted, with no sandbox running beside. */
function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const settled = next.catch(() => {});
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return next;
}

/** Protected workspace entries that exist as real (non-symlink) files or directories. */
function protections(ws: string): { protect: string[]; gitMissing: boolean; gitEmpty: boolean } {
  let git: fs.Stats | undefined;
  try {
    git = fs.lstatSync(path.join(ws, '.git'));
  } catch {
    git = undefined;
  }
  // An empty .git (the mount point another sandbox of this workspace made) is masked like a missing one.
  if (git?.isDirectory() && fs.readdirSync(path.join(ws, '.git')).length === 0) return { protect: [], gitMissing: false, gitEmpty: true };
  if (git && !git.isDirectory()) {
    throw new SandboxUnavailableError(`workspace/.git is a ${git.isSymbolicLink() ? 'symbolic link' : 'file'}; its hooks and config could not be kept read-only, so nothing runs until it is removed`);
  }
  const protect = PROTECTED_IN_WORKSPACE.filter((rel) => {
    try {
      const st = fs.lstatSync(path.join(ws, rel));
      if (st.isSymbolicLink()) throw new SandboxUnavailableError(`workspace/${rel} is a symbolic link; it is refused (it could expose a host path)`);
      return true;
    } catch (e) {
      if (e instanceof SandboxUnavailableError) throw e;
      return false;
    }
  });
  return { protect, gitMissing: !git, gitEmpty: false };
}

/**
 * The bubblewrap command line for a long-lived process (a stdio MCP server): same mounts,
 * namespaces and rlimits as a run, no wall-clock timeout; its transport owns the process.
 * (Running as root, its process count is bounded only when RLIMIT_NPROC applies.)
 */
export function sandboxCommand(run: Pick<SandboxRun, 'workspace' | 'argv' | 'limits' | 'env' | 'readOnly' | 'network' | 'writable'>): { command: string; args: string[] } {
  const host = sandboxHost();
  if (!host.ok || !host.bwrap || !host.layout) throw new SandboxUnavailableError(host.problem ?? 'the sandbox is unavailable');
  fs.mkdirSync(run.workspace, { recursive: true });
  const ws = fs.realpathSync(run.workspace);
  const { protect, gitMissing, gitEmpty } = protections(ws);
  const writable = run.writable !== false;
  const args = bwrapArgs(
    {
      workspace: ws, workspaceWritable: writable, protect: writable ? protect : [], maskGitWith: writable && (gitMissing || gitEmpty) ? emptyReadOnlyDir() : undefined,
      readOnly: run.readOnly ?? [], network: run.network === true, env: run.env ?? {}, limits: run.limits,
    },
    host.layout,
    run.argv,
  );
  return { command: host.bwrap, args };
}

let emptyDir: string | undefined;
function emptyReadOnlyDir(): string {
  if (emptyDir && fs.existsSync(emptyDir)) return emptyDir;
  emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-empty-'));
  fs.chmodSync(emptyDir, 0o555);
  return emptyDir;
}

function usedBytes(dir: string): number | undefined {
  try {
    const s = fs.statfsSync(dir);
    return (s.blocks - s.bfree) * s.bsize;
  } catch {
    return undefined;
  }
}

export function runSandboxed(run: SandboxRun): Promise<SandboxResult> {
  const host = sandboxHost();
  if (!host.ok || !host.bwrap || !host.layout) return Promise.reject(new SandboxUnavailableError(host.problem ?? 'the sandbox is unavailable'));
  fs.mkdirSync(run.workspace, { recursive: true });
  const ws = fs.realpathSync(run.workspace);
  return serial(ws, () => execute(run, ws, host.bwrap!, host.layout!, host.root));
}

async function execute(run: SandboxRun, ws: string, bwrap: string, layout: NonNullable<ReturnType<typeof sandboxHost>['layout']>, root: boolean): Promise<SandboxResult> {
  const { protect, gitMissing, gitEmpty } = protections(ws);
  const writable = run.writable !== false;
  const args = bwrapArgs(
    {
      workspace: ws, workspaceWritable: writable, protect: writable ? protect : [],
      maskGitWith: writable && (gitMissing || gitEmpty) ? emptyReadOnlyDir() : undefined,
      readOnly: run.readOnly ?? [], network: run.network === true, env: run.env ?? {}, limits: run.limits, cwd: run.cwd,
    },
    layout,
    run.argv,
  );
  const cgroup = root ? createPidsCgroup(run.limits.processes + 8) : undefined;
  const processLimit: SandboxResult['processLimit'] = !root ? 'rlimit' : cgroup ? 'cgroup' : 'timeout-only';
  const started = performance.now();
  const child = cgroup
    ? spawn('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', cgroup.procs, bwrap, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: {} })
    : spawn(bwrap, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: {} });
  const out = new CappedOutput(run.outputCap);
  const err = new CappedOutput(run.outputCap);
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  let killed: SandboxResult['killed'];
  const kill = (why: NonNullable<SandboxResult['killed']>) => {
    killed ??= why;
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    cgroup?.killAll();
  };
  const timer = setTimeout(() => kill('timeout'), run.timeoutMs);
  const baseline = usedBytes(ws);
  const disk = setInterval(() => {
    const now = usedBytes(ws);
    if (baseline !== undefined && now !== undefined && now - baseline > run.diskQuota) kill('disk-quota');
  }, 200);
  const onAbort = () => kill('aborted');
  run.signal?.addEventListener('abort', onAbort, { once: true });
  const { code, sig } = await new Promise<{ code: number | null; sig: string | null }>((resolve) => {
    child.on('error', (e) => {
      err.push(Buffer.from(`\n${e.message}`));
      resolve({ code: null, sig: null });
    });
    child.on('close', (c, s) => resolve({ code: c, sig: s }));
  });
  clearTimeout(timer);
  clearInterval(disk);
  run.signal?.removeEventListener('abort', onAbort);
  // Nothing may outlive the run: the namespace died with its init; the group and cgroup are swept anyway.
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  cgroup?.killAll();
  cgroup?.remove();
  if (writable && gitMissing) removeEmptyMountPoint(path.join(ws, '.git'));
  return {
    exitCode: code,
    signal: sig,
    stdout: out.text(),
    stderr: err.text(),
    truncated: out.truncated || err.truncated,
    ...(killed && { killed }),
    ms: Math.round(performance.now() - started),
    processLimit,
  };
}

/** bubblewrap made an empty directory to mount the .git mask on; it goes once unmounted. */
function removeEmptyMountPoint(p: string): void {
  try {
    if (fs.lstatSync(p).isDirectory()) fs.rmdirSync(p);
  } catch {
    // not empty (cannot be: it was read-only) or already gone
  }
}
