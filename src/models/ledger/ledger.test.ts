import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { budgetVerdict, CHUNK_BYTES, CostBook, daySpend, emptySpend, addSpend, parseLedger, readDay, recentTaskLines, type CallLine } from './index.ts';

const FIXTURE = new URL('./fixtures/ledger-v1.jsonl', import.meta.url);

test('the v1 line format (fixture) parses; a torn or foreign line is reported, the rest counts', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const { lines, problems } = parseLedger(`${text}{"v":1,"kind":"call","id":"x"\n{"v":2,"kind":"call"}\n`, 'ledger/2026-05-01/000.jsonl');
  assert.equal(lines.length, 5);
  assert.deepEqual(lines.map((l) => l.kind), ['call', 'call', 'call', 'task', 'call']);
  assert.deepEqual(problems.map((p) => p.message), [
    'ledger/2026-05-01/000.jsonl:6: not a JSON object (torn or edited line); ignored',
    'ledger/2026-05-01/000.jsonl:7: written by a newer AgentOS (ledger v2; this one reads v1): upgrade AgentOS',
  ]);
  assert.deepEqual(problems.map((p) => p.code), ['LEDGER_PARSE', 'LEDGER_NEWER']);
  const s = emptySpend();
  for (const l of lines) if (l.kind === 'call') addSpend(s, l);
  assert.deepEqual(s, { usd: 0.000465, tokens: 4400, calls: 4, unpricedCalls: 1 });
});

test('budget: paused at the limit with the reason and the next UTC midnight', () => {
  const spent = { usd: 5.01, tokens: 10, calls: 3, unpricedCalls: 0 };
  assert.deepEqual(budgetVerdict(spent, {}, '2026-05-01'), { paused: false });
  assert.deepEqual(budgetVerdict(spent, { usd: 6 }, '2026-05-01'), { paused: false });
  const v = budgetVerdict(spent, { usd: 5 }, '2026-05-31');
  assert.ok(v.paused);
  assert.equal(v.resumesAt, '2026-06-01T00:00:00.000Z');
  assert.match(v.reason, /daily budget reached: \$5\.0100 spent of \$5\.00 on 2026-05-31 \(UTC\); resumes at 2026-06-01T00:00:00\.000Z/);
  assert.ok(budgetVerdict(spent, { tokens: 10 }, '2026-05-01').paused);
});

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-ledger-'));
  const paths = { agentRoot: path.join(dir, 'agents', 'a'), pending: path.join(dir, '.agentos', 'ledger', 'a.pending.jsonl') };
  mkdirSync(paths.agentRoot, { recursive: true });
  return { dir, paths, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const call = (id: string, at: string, cost: number | null = 0.01): CallLine => ({
  v: 1, kind: 'call', id, at, task: 't', tier: 'balanced', provider: 'openai', model: 'm', purpose: 'act', input: 100, output: 50, cost_usd: cost, ok: true,
});

/** Applies a change set the way commitChangeSet would (without git). */
function apply(root: string, changes: { op: string; path: string; content?: string }[]) {
  for (const c of changes) {
    mkdirSync(path.dirname(path.join(root, c.path)), { recursive: true });
    writeFileSync(path.join(root, c.path), c.content ?? '');
  }
}

test('a call counts at once, survives a crash in the pending file, and is committed exactly once', async () => {
  const { paths, cleanup } = setup();
  try {
    const now = () => new Date('2026-05-01T12:00:00Z');
    const book = new CostBook(paths, now);
    await book.load();
    await book.record(call('a', '2026-05-01T12:00:00Z'));
    await book.record(call('b', '2026-05-01T12:00:01Z'));
    assert.equal(book.spentToday().usd, 0.02);
    // A crash: a new process reads the pending calls back.
    const again = new CostBook(paths, now);
    await again.load();
    assert.equal(again.spentToday().calls, 2);
    const changes = await again.changes();
    assert.deepEqual(changes.map((c) => c.path), ['ledger/2026-05-01/000.jsonl']);
    apply(paths.agentRoot, changes);
    // A crash after the commit but before the pending file was emptied: nothing counts twice.
    const third = new CostBook(paths, now);
    await third.load();
    assert.equal(third.spentToday().calls, 2);
    assert.deepEqual(await third.changes(), []);
    await third.committed();
    assert.equal(third.spentToday().calls, 2);
    assert.deepEqual(await daySpend(paths, '2026-05-01'), { usd: 0.02, tokens: 300, calls: 2, unpricedCalls: 0 });
  } finally {
    cleanup();
  }
});

test('a busy day rolls into a new chunk instead of rewriting a large file; task lines are read back', async () => {
  const { paths, cleanup } = setup();
  try {
    const book = new CostBook(paths, () => new Date('2026-05-01T12:00:00Z'));
    await book.load();
    const big = 'x'.repeat(CHUNK_BYTES);
    mkdirSync(path.join(paths.agentRoot, 'ledger', '2026-05-01'), { recursive: true });
    writeFileSync(path.join(paths.agentRoot, 'ledger', '2026-05-01', '000.jsonl'), `${JSON.stringify({ ...call('old', '2026-05-01T01:00:00Z'), error: big.slice(0, 200) })}\n${'\n'.repeat(CHUNK_BYTES)}`);
    await book.record(call('n1', '2026-05-01T12:00:00Z'));
    const task = JSON.parse(readFileSync(FIXTURE, 'utf8').split('\n')[3]);
    const changes = await book.changes({ ...task, at: '2026-05-01T12:00:02Z' });
    assert.deepEqual(changes.map((c) => c.path), ['ledger/2026-05-01/001.jsonl']);
    apply(paths.agentRoot, changes);
    await book.committed();
    assert.equal((await readDay(paths.agentRoot, '2026-05-01')).lines.length, 3);
    const tasks = await recentTaskLines(paths.agentRoot, 10);
    assert.deepEqual(tasks.map((t) => t.task), ['sync-vendor']);
    // Yesterday's pending call (a crash before midnight) does not count today.
    appendFileSync(paths.pending, `${JSON.stringify(call('y', '2026-04-30T23:59:59Z'))}\n`);
    const next = new CostBook(paths, () => new Date('2026-05-01T13:00:00Z'));
    await next.load();
    assert.equal(next.spentToday().calls, 2);
    assert.deepEqual((await next.changes()).map((c) => c.path), ['ledger/2026-04-30/000.jsonl']);
  } finally {
    cleanup();
  }
});

test('a ledger line from a newer AgentOS stops the budget check with a reason instead of counting as zero', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-ledger-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'ledger', '2026-05-01'), { recursive: true });
  writeFileSync(path.join(dir, 'ledger', '2026-05-01', '000.jsonl'), readFileSync(new URL('./fixtures/negative/future-version.jsonl', import.meta.url)));
  const book = new CostBook({ agentRoot: dir, pending: path.join(dir, 'pending.jsonl') }, () => new Date('2026-05-01T12:00:00Z'));
  const problems = await book.load();
  assert.equal(problems[0].code, 'LEDGER_NEWER');
  assert.match(book.unreadableSpend() ?? '', /1 line\(s\) from a newer AgentOS .*cannot be counted against the budget/);
  const fresh = new CostBook({ agentRoot: path.join(dir, 'none'), pending: path.join(dir, 'p2.jsonl') });
  await fresh.load();
  assert.equal(fresh.unreadableSpend(), undefined);
});
