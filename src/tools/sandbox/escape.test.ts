// The sandbox escape suite: every attempt must fail safely and leave the host as it was.
// Runs real bubblewrap; the suite is skipped (and says why) only where bubblewrap cannot
// start at all — CI installs it, so there it always runs.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runSandboxed, sandboxHost, type SandboxResult, type SandboxRun } from './index.ts';

const host = sandboxHost();
const skip = host.ok ? false : `bubblewrap unavailable: ${host.problem}`;

const LIMITS = { cpuS: 10, memoryMb: 512, processes: 32, fileSizeMb: 4, tmpMb: 8, openFiles: 256 };

function setup(t: test.TestContext) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-sbx-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'agents', 'a', 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  const secret = path.join(root, '.agentos', 'capability.key');
  fs.mkdirSync(path.dirname(secret));
  fs.writeFileSync(secret, 'SECRET-KEY-0123456789\n', { mode: 0o600 });
  const sh = (command: string, over: Partial<SandboxRun> = {}): Promise<SandboxResult> =>
    runSandboxed({ workspace: ws, argv: ['/bin/bash', '-c', command], limits: LIMITS, timeoutMs: 5000, outputCap: 4096, diskQuota: 16 << 20, ...over });
  return { root, ws, secret, sh };
}

/** Processes whose command line contains `marker`, anywhere on the host. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) found.push(Number(pid));
    } catch {
      // gone
    }
  }
  return found;
}

test('the sandbox runs a command with the workspace as cwd, as an unprivileged user, with a minimal environment', { skip }, async (t) => {
  const s = setup(t);
  process.env.AGENTOS_TEST_SECRET_TOKEN = 'do-not-leak-me';
  t.after(() => delete process.env.AGENTOS_TEST_SECRET_TOKEN);
  const r = await s.sh('pwd; id -u; echo hi > out.txt; env; grep CapEff /proc/self/status');
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^\/workspace\n1000\n/);
  assert.match(r.stdout, /CapEff:\s+0+\n/, 'no capabilities');
  assert.doesNotMatch(r.stdout, /do-not-leak-me|AGENTOS_TEST/, 'the runtime environment does not leak in');
  assert.equal(fs.readFileSync(path.join(s.ws, 'out.txt'), 'utf8'), 'hi\n');
});

test('path traversal and absolute paths cannot reach the data directory, the key or other agents', { skip }, async (t) => {
  const s = setup(t);
  fs.mkdirSync(path.join(s.root, 'agents', 'b'));
  fs.writeFileSync(path.join(s.root, 'agents', 'b', 'persona.md'), 'OTHER AGENT');
  const r = await s.sh(`cat ../../../.agentos/capability.key; cat ${s.secret}; cat ../b/persona.md; ls ${s.root}; cat /etc/shadow; echo pwned > ../escape.txt; echo pwned > /tmp/x && ls /tmp`);
  assert.doesNotMatch(r.stdout + r.stderr, /SECRET-KEY|OTHER AGENT|root:/);
  assert.equal(fs.existsSync(path.join(s.root, 'agents', 'a', 'escape.txt')), false);
  assert.equal(fs.readFileSync(s.secret, 'utf8'), 'SECRET-KEY-0123456789\n');
});

test('symlinks out of the workspace point at nothing the host has', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh(`ln -s ${s.secret} leak && cat leak; ln -s ${path.dirname(s.secret)} dir && ls dir; echo x > dir/new`);
  assert.doesNotMatch(r.stdout, /SECRET-KEY/);
  assert.deepEqual(fs.readdirSync(path.dirname(s.secret)), ['capability.key']);
});

test('hard links cannot reach files outside the workspace', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh(`ln ${s.secret} hard 2>&1; ln /etc/passwd pw 2>&1; echo rc=$?`);
  assert.equal(fs.existsSync(path.join(s.ws, 'hard')), false);
  assert.equal(fs.existsSync(path.join(s.ws, 'pw')), false, `a hard link to a read-only system file: ${r.stdout}`);
});

test('.git/hooks and .git/config of the workspace are read-only; a missing .git cannot be created', { skip }, async (t) => {
  const s = setup(t);
  const r1 = await s.sh('git init -q . 2>&1; mkdir -p .git/hooks 2>&1; echo "#!/bin/sh" > .git/hooks/pre-commit; echo rc=$?');
  assert.match(r1.stdout, /Read-only file system|rc=1/);
  assert.equal(fs.existsSync(path.join(s.ws, '.git')), false, 'no .git left behind');
  fs.mkdirSync(path.join(s.ws, '.git', 'hooks'), { recursive: true });
  fs.writeFileSync(path.join(s.ws, '.git', 'config'), '[core]\n');
  fs.writeFileSync(path.join(s.ws, '.gitmodules'), '');
  const r2 = await s.sh('echo "touch /workspace/PWNED" > .git/hooks/post-checkout; printf "[core]\\n\\tfsmonitor = touch PWNED\\n" >> .git/config; echo x >> .gitmodules; rm -rf .git/hooks; mv .git/config c2; echo ok > .git/HEAD && cat .git/HEAD');
  assert.equal(fs.readFileSync(path.join(s.ws, '.git', 'config'), 'utf8'), '[core]\n');
  assert.deepEqual(fs.readdirSync(path.join(s.ws, '.git', 'hooks')), []);
  assert.equal(fs.readFileSync(path.join(s.ws, '.gitmodules'), 'utf8'), '');
  assert.match(r2.stdout, /^ok$/m, 'the rest of .git stays writable (git works inside)');
});

test('network egress fails: direct connect, /dev/tcp, DNS; only a private loopback exists', { skip }, async (t) => {
  const s = setup(t);
  const server = net.createServer((c) => c.end('HOST-SERVICE\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  const r = await s.sh(`cat /proc/net/dev | tail -n +3 | cut -d: -f1; (exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3) 2>&1; (exec 3<>/dev/tcp/192.0.2.1/80) 2>&1; getent hosts example.com || echo dns-failed`, { timeoutMs: 10_000 });
  assert.deepEqual(r.stdout.split('\n').filter((l) => l.trim() && !/\/dev\/tcp|connect|dns-failed|refused|unreachable/i.test(l)).map((l) => l.trim()), ['lo']);
  assert.doesNotMatch(r.stdout, /HOST-SERVICE/, "the host's loopback services are not reachable");
  assert.match(r.stdout, /dns-failed/);
});

test('host Unix sockets are not reachable', { skip }, async (t) => {
  const s = setup(t);
  const sock = path.join(s.root, 'host.sock');
  const server = net.createServer((c) => c.end('HOST-SOCKET\n'));
  await new Promise<void>((r) => server.listen(sock, r));
  t.after(() => server.close());
  const r = await s.sh(`ls -la /run /var/run 2>&1 | head; (exec 3<>/dev/unix ${sock}) 2>&1; python3 -c "import socket;s=socket.socket(socket.AF_UNIX);s.connect('${sock}');print(s.recv(99))" 2>&1; ls /run/docker.sock /var/run/docker.sock 2>&1`);
  assert.doesNotMatch(r.stdout, /HOST-SOCKET/);
});

test('a fork bomb is bounded and leaves nothing behind', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh('bomb(){ sleep 971.5 & bomb | bomb & }; bomb; sleep 1; echo survived', { timeoutMs: 4000 });
  assert.notEqual(r.processLimit, 'timeout-only', 'the process count is bounded by RLIMIT_NPROC or a pids cgroup');
  assert.match(r.stderr, /fork|Resource temporarily unavailable|retry/i, 'forks were refused');
  assert.deepEqual(processesWith('971.5'), [], 'no process of the bomb survives the run');
});

test('disk fill: one big file stops at the file-size limit, many files at the disk quota', { skip }, async (t) => {
  const s = setup(t);
  const big = await s.sh('head -c 50000000 /dev/zero > big; echo rc=$?');
  assert.match(big.stdout + big.stderr, /rc=153|File size limit/);
  assert.ok(fs.statSync(path.join(s.ws, 'big')).size <= LIMITS.fileSizeMb << 20);
  fs.rmSync(path.join(s.ws, 'big'));
  const many = await s.sh('i=0; while :; do head -c 3000000 /dev/urandom > f$i || exit 9; sync; i=$((i+1)); done', { diskQuota: 8 << 20, timeoutMs: 20_000 });
  assert.equal(many.killed, 'disk-quota');
  const tmp = await s.sh('head -c 20000000 /dev/zero > /tmp/fill; echo rc=$?; ls -la /tmp/fill');
  assert.match(tmp.stdout + tmp.stderr, /rc=1|No space left|File size limit/, 'the private /tmp is small');
});

test('an infinite loop is killed at the wall-clock limit; a CPU spinner also meets RLIMIT_CPU', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh('while :; do :; done', { timeoutMs: 1500 });
  assert.equal(r.killed, 'timeout');
  assert.equal(r.exitCode, null);
  const cpu = await s.sh('while :; do :; done', { limits: { ...LIMITS, cpuS: 1 }, timeoutMs: 20_000 });
  assert.equal(cpu.killed, undefined, 'stopped by the kernel before the wall clock');
  assert.notEqual(cpu.exitCode, 0);
});

test('a background daemon left running is killed when the command ends', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh('(setsid sleep 982.25 &); nohup sleep 982.25 >/dev/null 2>&1 & disown; echo started');
  assert.equal(r.stdout.trim(), 'started');
  assert.deepEqual(processesWith('982.25'), []);
});

test('memory: an address-space bomb fails inside the sandbox', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh('python3 -c "x = bytearray(2 * 1024**3); print(\'allocated\')" 2>&1 || tail -c 2000000000 /dev/zero 2>&1 | head -c 10; echo rc=$?');
  assert.doesNotMatch(r.stdout, /allocated/);
});

test('output is capped, keeping the head and the tail', { skip }, async (t) => {
  const s = setup(t);
  const r = await s.sh('echo FIRST; head -c 100000 /dev/zero | tr "\\0" x; echo; echo LAST', { outputCap: 1000 });
  assert.equal(r.truncated, true);
  assert.ok(r.stdout.length < 1200);
  assert.match(r.stdout, /^FIRST/);
  assert.match(r.stdout, /LAST\n$/);
  assert.match(r.stdout, /bytes omitted/);
});

test('without bubblewrap the sandbox refuses to run (fail closed) and says how to install it', async (t) => {
  t.after(() => sandboxHost(true));
  const none = sandboxHost(true, () => undefined);
  assert.equal(none.ok, false);
  assert.match(none.problem!, /apt-get install -y bubblewrap/);
  await assert.rejects(runSandboxed({ workspace: os.tmpdir(), argv: ['true'], limits: LIMITS, timeoutMs: 1000, outputCap: 100, diskQuota: 1 }), (e: Error & { code?: string }) => e.code === 'SANDBOX_UNAVAILABLE' && /bubblewrap/.test(e.message));
});
