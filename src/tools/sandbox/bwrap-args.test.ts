import test from 'node:test';
import assert from 'node:assert/strict';
import { bwrapArgs, type HostLayout, type SandboxSpec } from './bwrap-args.ts';

const layout: HostLayout = { links: { '/bin': 'usr/bin', '/lib': 'usr/lib' }, dirs: ['/lib64'], etcSecrets: ['/etc/shadow'], prlimit: '/usr/bin/prlimit' };
const spec: SandboxSpec = {
  workspace: '/data/agents/a/workspace', workspaceWritable: true, protect: ['.git/hooks', '.git/config'], readOnly: ['/opt/node'], network: false,
  env: { FOO: 'bar' }, limits: { cpuS: 5, memoryMb: 256, processes: 16, fileSizeMb: 8, tmpMb: 32, openFiles: 64 },
};

const pairs = (a: string[], flag: string) => a.flatMap((x, i) => (x === flag ? [[a[i + 1], a[i + 2]]] : []));

test('namespaces, no capabilities, new session, dies with its parent, no network by default', () => {
  const a = bwrapArgs(spec, layout, ['sh', '-c', 'true']);
  for (const f of ['--unshare-all', '--die-with-parent', '--new-session', '--clearenv']) assert.ok(a.includes(f), f);
  assert.deepEqual(a.slice(a.indexOf('--cap-drop'), a.indexOf('--cap-drop') + 2), ['--cap-drop', 'ALL']);
  assert.ok(!a.includes('--share-net'));
  assert.ok(bwrapArgs({ ...spec, network: true }, layout, ['true']).includes('--share-net'));
});

test('mounts: the system read-only, secrets hidden, the workspace writable at /workspace with git metadata read-only', () => {
  const a = bwrapArgs(spec, layout, ['true']);
  const ro = pairs(a, '--ro-bind');
  assert.deepEqual(ro, [['/usr', '/usr'], ['/lib64', '/lib64'], ['/etc', '/etc'], ['/dev/null', '/etc/shadow'], ['/opt/node', '/opt/node'],
    ['/data/agents/a/workspace/.git/hooks', '/workspace/.git/hooks'], ['/data/agents/a/workspace/.git/config', '/workspace/.git/config']]);
  assert.deepEqual(pairs(a, '--bind'), [['/data/agents/a/workspace', '/workspace']]);
  assert.deepEqual(pairs(a, '--symlink'), [['usr/bin', '/bin'], ['usr/lib', '/lib']]);
  assert.ok(a.indexOf('--bind') < a.indexOf('/workspace/.git/hooks'), 'protections are mounted over the workspace, after it');
  assert.deepEqual(pairs(bwrapArgs({ ...spec, workspaceWritable: false, protect: [] }, layout, ['true']), '--bind'), []);
  assert.ok(!a.some((x) => x.startsWith('/data') && !x.startsWith('/data/agents/a/workspace')), 'nothing else of the data directory');
});

test('limits are set by prlimit before the command; the environment is the fixed one plus what is asked', () => {
  const a = bwrapArgs(spec, layout, ['sh', '-c', 'echo $FOO']);
  const tail = a.slice(a.indexOf('--', 0) + 1);
  assert.deepEqual(tail, ['/usr/bin/prlimit', '--cpu=5', `--as=${256 << 20}`, '--nproc=16', `--fsize=${8 << 20}`, '--nofile=64', '--core=0', '--', 'sh', '-c', 'echo $FOO']);
  const env = Object.fromEntries(pairs(a, '--setenv'));
  assert.equal(env.FOO, 'bar');
  assert.equal(env.HOME, '/tmp/home');
  assert.equal(env.PATH.includes('/usr/bin'), true);
  assert.deepEqual(a.slice(a.indexOf('--size'), a.indexOf('--size') + 4), ['--size', String(32 << 20), '--tmpfs', '/tmp']);
});
