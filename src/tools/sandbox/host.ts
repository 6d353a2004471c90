// What this host offers the sandbox: bubblewrap, prlimit, the layout of / to mirror, and
// whether user namespaces work here. Probed once per process; the shell tool refuses to
// run (fails closed) when bubblewrap is missing or cannot start, with what to do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HostLayout } from './bwrap-args.ts';

export const INSTALL_HINT = 'install bubblewrap (Debian/Ubuntu: apt-get install -y bubblewrap; Fedora: dnf install bubblewrap); the Dockerfile and .ci/run install it';

export interface SandboxHost {
  ok: boolean;
  bwrap?: string;
  layout?: HostLayout;
  /** Why the sandbox cannot run here, with what to do. */
  problem?: string;
  /** True when the runtime runs as root: RLIMIT_NPROC does not bind root, so a pids cgroup is used when one can be made. */
  root: boolean;
}

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...envPath.split(':'), '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function hostLayout(prlimit: string): HostLayout {
  const links: Record<string, string> = {};
  const dirs: string[] = [];
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    const p = `/${name}`;
    try {
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) links[p] = fs.readlinkSync(p);
      else if (st.isDirectory()) dirs.push(p);
    } catch {
      // absent on this host
    }
  }
  const etcSecrets = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/sudoers', '/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key']
    .filter((p) => {
      try {
        return fs.lstatSync(p).isFile();
      } catch {
        return false;
      }
    });
  return { links, dirs, etcSecrets, prlimit };
}

let cached: SandboxHost | undefined;

/** Probes once: bubblewrap and prlimit present, and a trivial sandbox starts. */
export function sandboxHost(refresh = false, find: (name: string) => string | undefined = findOnPath): SandboxHost {
  if (cached && !refresh) return cached;
  const root = process.getuid?.() === 0;
  const bwrap = find('bwrap');
  const prlimit = find('prlimit');
  if (!bwrap) return (cached = { ok: false, root, problem: `bubblewrap (bwrap) is not installed, so commands cannot run sandboxed and the shell tool is refused: ${INSTALL_HINT}` });
  if (!prlimit) return (cached = { ok: false, root, bwrap, problem: 'prlimit (util-linux) is not installed, so sandboxed commands cannot be given resource limits: install util-linux' });
  const layout = hostLayout(prlimit);
  const probe = spawnSync(bwrap, ['--unshare-all', '--die-with-parent', '--cap-drop', 'ALL', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'], { timeout: 10_000, encoding: 'utf8' });
  if (probe.status !== 0) {
    const said = (probe.stderr || probe.error?.message || '').trim();
    return (cached = {
      ok: false, root, bwrap, layout,
      problem: `bubblewrap is installed but cannot create a sandbox here (${said || `exit ${probe.status}`}); unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1, or AppArmor's restrict_unprivileged_userns), or the container forbids them (docker run --security-opt seccomp=unconfined, or --cap-add SYS_ADMIN)`,
    });
  }
  return (cached = { ok: true, root, bwrap, layout });
}
