// The approval file formats are a contract: a checkpoint and a decision written by one
// version must be read and resumed by the next. These fixtures pin them.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApprovalError, ApprovalStore, readCheckpoint, readDecision, readSuperviseRequest, resumeMessages, type Decision } from './index.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function dataDir(t: test.TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-apr-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(FIXTURES, 'orion'), path.join(dir, '.agentos', 'approvals', 'orion'), { recursive: true });
  return dir;
}

test('a version 1 checkpoint and decision are listed, decided and resumed as pinned', async (t) => {
  const store = new ApprovalStore(dataDir(t));
  const views = await store.list();
  assert.deepEqual(views.map((v) => [v.id, v.kind, v.status]), [['apr-000000000002', 'choose', 'pending'], ['apr-000000000001', 'approve', 'decided']]);
  await assert.rejects(store.decide('apr-000000000002', { decision: 'approved', by: 'cli', choice: 5 }), /--choice N \(1\.\.2\)/);
  const d = await store.decide('apr-000000000002', { decision: 'approved', by: 'cli', choice: 1, at: '2026-05-01T10:06:00.000Z' });
  assert.deepEqual(d, { id: 'apr-000000000002', decision: 'approved', by: 'cli', at: '2026-05-01T10:06:00.000Z', choice: 1 });
  const [cp] = await store.checkpoints('orion');
  const decisions = new Map<string, Decision>();
  for (const r of cp.requests) decisions.set(r.id, (await store.decision('orion', r.id))!);
  const messages = resumeMessages(cp, decisions);
  assert.equal(messages.length, cp.messages.length + 1, 'the paused conversation, then one answer message');
  assert.deepEqual(messages.at(-1), JSON.parse(fs.readFileSync(path.join(FIXTURES, 'resume.expected.json'), 'utf8')));
  await store.removeCheckpoint('orion', 'summarise');
  assert.deepEqual(await store.list(), []);
});

test('expiry denies only what is pending and past its time to live; the first decision wins', async (t) => {
  const store = new ApprovalStore(dataDir(t));
  assert.deepEqual(await store.expire('orion', new Date('2026-05-01T12:00:00Z')), []);
  assert.deepEqual(await store.expire('orion', new Date('2026-05-03T00:00:00Z')), ['apr-000000000002']);
  const d = await store.decision('orion', 'apr-000000000002');
  assert.equal(d?.by, 'ttl');
  await assert.rejects(store.decide('apr-000000000002', { decision: 'approved', by: 'cli', choice: 0 }), /already denied by ttl/);
  await assert.rejects(store.get('apr-999'), /no approval request apr-999/);
});

test('read → write → read of a pinned checkpoint and decision gives identical JSON; a v1 checkpoint reads as v2 without losing a field', () => {
  for (const [name, read] of [['summarise.checkpoint.json', readCheckpoint], ['apr-000000000001.decision.json', readDecision]] as const) {
    const file = path.join(FIXTURES, 'orion', name);
    const pinned = JSON.parse(fs.readFileSync(file, 'utf8'));
    const once = read(pinned, file);
    const twice = read(JSON.parse(JSON.stringify(once)), file);
    assert.deepEqual(twice, once, name);
    const migrated = JSON.parse(JSON.stringify(once));
    if (name.includes('checkpoint')) {
      // v1 → v2: the paused loop is kept as it was; the step state is that of a pause.
      assert.equal(migrated.version, 2);
      assert.deepEqual({ ...migrated, version: 1, updated: undefined, phase: undefined, steps: undefined, seq: undefined, exchanges: undefined }, { ...pinned, updated: undefined, phase: undefined, steps: undefined, seq: undefined, exchanges: undefined });
      assert.deepEqual([migrated.phase, migrated.updated, migrated.steps, migrated.seq, migrated.exchanges], ['paused', pinned.created, 0, 0, 0]);
    } else assert.deepEqual(migrated, pinned, `${name} reads without losing a field`);
  }
});

test('a checkpoint from a newer AgentOS, one without a version, and a malformed one: clear errors, nothing stops', async (t) => {
  const neg = (n: string) => path.join(FIXTURES, 'negative', n);
  const json = (n: string) => JSON.parse(fs.readFileSync(neg(n), 'utf8'));
  assert.throws(() => readCheckpoint(json('future.checkpoint.json'), 'future'), (e: ApprovalError) => e.code === 'FORMAT_NEWER' && /version 99 is from a newer AgentOS.*upgrade/.test(e.message));
  assert.throws(() => readCheckpoint(json('missing.checkpoint.json'), 'missing'), (e: ApprovalError) => e.code === 'CORRUPT' && /no numeric "version"/.test(e.message));
  assert.throws(() => readCheckpoint(json('badshape.checkpoint.json'), 'bad'), (e: ApprovalError) => e.code === 'CORRUPT' && /usage\.inputTokens/.test(e.message));

  // In a store: the good one reads, the newer one is held (its task stays paused), the broken ones move aside.
  const dir = dataDir(t);
  const agentDir = path.join(dir, '.agentos', 'approvals', 'orion');
  for (const n of fs.readdirSync(path.join(FIXTURES, 'negative'))) fs.copyFileSync(neg(n), path.join(agentDir, n));
  const problems: string[] = [];
  const store = new ApprovalStore(dir, (m) => problems.push(m));
  assert.deepEqual((await store.checkpoints('orion')).map((c) => c.task), ['summarise']);
  assert.deepEqual([...store.heldTasks('orion')], ['future']);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.ok(fs.existsSync(path.join(agentDir, 'future.checkpoint.json')), 'a newer file is left in place');
  assert.equal(fs.readdirSync(agentDir).filter((n) => n.includes('.corrupt-')).length, 2);
});

test('a supervise request (v1) is listed, decided without extra fields, retired; a newer one is refused with "upgrade"', async (t) => {
  const dir = dataDir(t);
  const sup = path.join(FIXTURES, 'supervise');
  const file = path.join(sup, 'apr-0000000000aa.supervise.json');
  const once = readSuperviseRequest(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  assert.deepEqual({ version: 1, ...once }, JSON.parse(fs.readFileSync(file, 'utf8')), 'reads without losing a field');
  assert.throws(() => readSuperviseRequest(JSON.parse(fs.readFileSync(path.join(sup, 'future.supervise.json'), 'utf8')), 'future'), (e: ApprovalError) => e.code === 'FORMAT_NEWER' && /version 2 is from a newer AgentOS.*upgrade/.test(e.message));
  assert.throws(() => readSuperviseRequest({ ...once }, 'nov'), /no numeric "version"/);
  fs.copyFileSync(file, path.join(dir, '.agentos', 'approvals', 'orion', 'apr-0000000000aa.supervise.json'));
  const store = new ApprovalStore(dir);
  const view = (await store.list('orion')).find((r) => r.kind === 'supervise')!;
  assert.deepEqual([view.id, view.status, view.streak?.tasks], ['apr-0000000000aa', 'pending', ['f1', 'f2', 'f3']]);
  await store.decide('apr-0000000000aa', { decision: 'approved', by: 'cli' });
  await store.removeSupervise('orion', 'apr-0000000000aa');
  assert.equal((await store.list('orion')).some((r) => r.kind === 'supervise'), false);
  await assert.rejects(store.decide('apr-0000000000aa', { decision: 'denied', by: 'cli' }), /already approved by cli/);
});
