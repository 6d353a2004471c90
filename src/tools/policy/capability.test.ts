import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CapabilityAuthority, CapabilityError } from './capability.ts';
import { CAPABILITY_KEY_ENV, loadCapabilityKey } from './capability-key.ts';

const KEY = Buffer.alloc(32, 7);
const claims = { agent: 'orion', tool: 'shell', task: 't1', perms: { read: ['**'], write: ['src/**'], deny: [], hosts: [], approval: false }, limits: { calls: 3 }, ttlMs: 60_000 };

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CapabilityError, String(e));
    return e.code;
  }
  return 'accepted';
}

function reSign(token: string, edit: (c: Record<string, any>) => void): string {
  const [payload, sig] = token.split('.');
  const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  edit(c);
  return `${Buffer.from(JSON.stringify(c)).toString('base64url')}.${sig}`;
}

test('a token verifies and is counted against its call limit', () => {
  const ca = new CapabilityAuthority(KEY);
  const t = ca.issue(claims);
  const c = ca.use(t, 'orion', 'shell');
  assert.equal(c.tool, 'shell');
  ca.use(t, 'orion', 'shell');
  ca.use(t, 'orion', 'shell');
  assert.equal(code(() => ca.use(t, 'orion', 'shell')), 'TOKEN_EXHAUSTED');
  assert.equal(ca.uses(c.id), 3);
});

test('changing any field of a token is rejected: agent, tool, task, permissions, limits, expiry, id', () => {
  const ca = new CapabilityAuthority(KEY);
  const t = ca.issue(claims);
  const edits: [string, (c: Record<string, any>) => void][] = [
    ['agent', (c) => (c.agent = 'revu')],
    ['tool', (c) => (c.tool = 'http_fetch')],
    ['task', (c) => (c.task = 't2')],
    ['perms.write', (c) => c.perms.write.push('**')],
    ['perms.hosts', (c) => c.perms.hosts.push('evil.example')],
    ['perms.approval', (c) => (c.perms.approval = true)],
    ['limits.calls', (c) => (c.limits.calls = 1e9)],
    ['exp', (c) => (c.exp += 86_400_000)],
    ['iat', (c) => (c.iat -= 1)],
    ['id', (c) => (c.id = 'x')],
    ['v', (c) => (c.v = 2)],
  ];
  for (const [field, edit] of edits) assert.equal(code(() => ca.verify(reSign(t, edit))), 'TOKEN_SIGNATURE', field);
  // The signature itself, flipped in one byte; truncated; swapped between tokens.
  const [p, s] = t.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[0] ^= 1;
  assert.equal(code(() => ca.verify(`${p}.${sig.toString('base64url')}`)), 'TOKEN_SIGNATURE');
  assert.equal(code(() => ca.verify(`${p}.${s.slice(0, 10)}`)), 'TOKEN_SIGNATURE');
  assert.equal(code(() => ca.verify(`${ca.issue({ ...claims, tool: 'read_file' }).split('.')[0]}.${s}`)), 'TOKEN_SIGNATURE');
  assert.equal(code(() => ca.verify('garbage')), 'TOKEN_MALFORMED');
  assert.equal(code(() => ca.verify(t)), 'accepted', 'the original still verifies');
});

test('a token from another key, an expired token, a revoked token and a token for another tool are rejected', () => {
  let now = 1_000_000;
  const ca = new CapabilityAuthority(KEY, () => now);
  const other = new CapabilityAuthority(Buffer.alloc(32, 8), () => now);
  const t = ca.issue(claims);
  assert.equal(code(() => other.verify(t)), 'TOKEN_SIGNATURE');
  assert.equal(code(() => ca.use(t, 'orion', 'read_file')), 'TOKEN_MISMATCH');
  assert.equal(code(() => ca.use(t, 'revu', 'shell')), 'TOKEN_MISMATCH');
  now += 60_000;
  assert.equal(code(() => ca.verify(t)), 'TOKEN_EXPIRED');
  now -= 60_000;
  ca.revoke(ca.verify(t).id);
  assert.equal(code(() => ca.use(t, 'orion', 'shell')), 'TOKEN_REVOKED');
});

test('the key: from the environment, else a 0600 file made once; short or exposed keys are refused', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-key-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const k1 = loadCapabilityKey(dir, {});
  const file = path.join(dir, '.agentos', 'capability.key');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(loadCapabilityKey(dir, {}), k1, 'the same key on the next start');
  assert.equal(k1.length, 32);
  const fromEnv = loadCapabilityKey(dir, { [CAPABILITY_KEY_ENV]: 'ab'.repeat(32) });
  assert.deepEqual(fromEnv, Buffer.alloc(32, 0xab));
  assert.throws(() => loadCapabilityKey(dir, { [CAPABILITY_KEY_ENV]: 'abcd' }), /at least 32 bytes/);
  fs.chmodSync(file, 0o644);
  assert.throws(() => loadCapabilityKey(dir, {}), /readable by others/);
  assert.throws(() => new CapabilityAuthority(Buffer.alloc(16)), /at least 32 bytes/);
});
