import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from '../test-support.ts';
import { applyWorldUpdates, type WorldContext } from './apply.ts';
import { confidenceOf } from './confidence.ts';
import { renderWorldIndex } from './index-md.ts';
import { conceptKey, sameClaim } from './names.ts';
import { parseWorldRecord, renderWorldRecord } from './record.ts';
import { DEFAULT_WORLD_POLICY, type WorldProposal, type WorldRecord } from './types.ts';

const fixture = (p: string) => readFileSync(join(FIXTURES, 'agent', p), 'utf8');
const at = (n: number) => new Date(Date.UTC(2026, 4, 1, n));

function ctx(taskId: string, over: Partial<WorldContext> = {}): WorldContext {
  return { taskId, now: at(Number(taskId.replace(/\D/g, '')) || 0), verified: false, auditScore: 1, mode: 'active', policy: DEFAULT_WORLD_POLICY, ...over };
}

function assert_(name: string, claim: string, over: Partial<WorldProposal> = {}): WorldProposal {
  return { op: 'assert', kind: 'entity', name, claim, aliases: [], tags: ['api'], evidence: `observed in this task: ${claim}`, ...over };
}
const support = (name: string): WorldProposal => ({ op: 'support', kind: null, name, claim: null, aliases: [], tags: [], evidence: 'the same behaviour again' });
const contradict = (name: string): WorldProposal => ({ op: 'contradict', kind: null, name, claim: null, aliases: [], tags: [], evidence: 'the opposite was observed' });

/** Runs proposals task by task, like consecutive tasks would. */
function run(steps: [WorldProposal[], Partial<WorldContext>?][], start: WorldRecord[] = []) {
  let records = start;
  const log: string[] = [];
  let last;
  steps.forEach(([proposals, over], i) => {
    last = applyWorldUpdates(records, proposals, ctx(`t${i + 1}`, over));
    records = last.records;
    log.push(...last.events.map((e) => `t${i + 1} ${e.type} ${e.name}`));
  });
  return { records, log, last: last! };
}

const RL = 'Vendor X allows 100 requests per minute';

describe('world: identity rules', () => {
  it('treats plural and spelling variants of a name as one concept', () => {
    assert.equal(conceptKey('Rate Limiters'), 'rate-limiter');
    assert.equal(conceptKey('rate_limiter'), 'rate-limiter');
    assert.equal(conceptKey('Policies'), 'policy');
    assert.equal(conceptKey('status'), 'status');
  });
  it('sees paraphrases as the same claim, but not other numbers or the opposite polarity', () => {
    assert.ok(sameClaim(RL, 'Vendor X permits 100 requests per minute'));
    assert.ok(!sameClaim(RL, 'Vendor X allows 60 requests per minute'));
    assert.ok(!sameClaim(RL, 'Vendor X does not allow 100 requests per minute'));
    assert.ok(!sameClaim(RL, 'Tokens expire after one hour'));
  });
  it('computes confidence from the evidence lists alone', () => {
    assert.equal(confidenceOf({ supports: ['a'], contradicts: [], verified: [] }), 0.67);
    assert.equal(confidenceOf({ supports: ['a', 'b'], contradicts: [], verified: ['b'] }), 0.8);
    assert.equal(confidenceOf({ supports: ['a', 'b'], contradicts: ['c'], verified: ['b'] }), 0.57);
  });
});

describe('world: the record file', () => {
  it('round-trips the fixtures byte for byte', () => {
    for (const p of ['world/entities/rate-limiter.md', 'world/hypotheses/cursor-pagination-required.md']) {
      const text = fixture(p);
      assert.equal(renderWorldRecord(parseWorldRecord(text, p)), text, p);
    }
  });
  it('renders index.md from the records (pinned by a fixture)', () => {
    const records = ['world/entities/rate-limiter.md', 'world/hypotheses/cursor-pagination-required.md'].map((p) => parseWorldRecord(fixture(p), p));
    assert.equal(renderWorldIndex(records, DEFAULT_WORLD_POLICY), fixture('world/index.md'));
  });
  it('says which line is wrong', () => {
    const text = fixture('world/entities/rate-limiter.md').replace('status: confirmed', 'status: retracted');
    assert.throws(() => parseWorldRecord(text, 'world/entities/rate-limiter.md'), /rate-limiter\.md:4: status: expected hypothesis or confirmed/);
    assert.throws(() => parseWorldRecord(fixture('world/entities/rate-limiter.md'), 'world/entities/other.md'), /must equal the file name "other"/);
  });
});

describe('world: rules', () => {
  it('a new claim enters as a hypothesis, then is promoted when evidence reaches the threshold', () => {
    const { records, log, last } = run([[[assert_('rate limiter', RL)]], [[support('rate-limiter')]], [[support('rate-limiter')]]]);
    assert.deepEqual(log, ['t1 added rate-limiter', 't2 supported rate-limiter', 't3 supported rate-limiter', 't3 promoted rate-limiter']);
    assert.equal(records[0].status, 'confirmed');
    assert.deepEqual(records[0].evidence.supports, ['t1', 't2', 't3']);
    assert.equal(records[0].last_confirmed, at(3).toISOString());
    const paths = last.changes.map((c: { op: string; path: string }) => `${c.op} ${c.path}`);
    assert.deepEqual(paths, ['write world/entities/rate-limiter.md', 'delete world/hypotheses/rate-limiter.md', 'write world/index.md']);
  });

  it('an assert of the same claim in other words counts as support, and its name becomes an alias', () => {
    const { records, log } = run([[[assert_('rate limiter', RL)]], [[assert_('Throttle', 'Vendor X permits 100 requests per minute', { aliases: ['rate limiters'] })]]]);
    assert.deepEqual(log, ['t1 added rate-limiter', 't2 supported rate-limiter']);
    assert.deepEqual(records[0].aliases, ['Throttle']);
  });

  it('enters confirmed at once only when verified evidence already meets the threshold', () => {
    const policy = { ...DEFAULT_WORLD_POLICY, promoteEvidence: 2 };
    assert.equal(run([[[assert_('rl', RL)], { verified: true, policy }]]).records[0].status, 'confirmed');
    assert.equal(run([[[assert_('rl', RL)], { verified: false, policy }]]).records[0].status, 'hypothesis');
  });

  it('contradicting evidence demotes a confirmed record, then retracts it below the floor', () => {
    const { records, log, last } = run([
      [[assert_('rate limiter', RL)]], [[support('rate-limiter')], { verified: true }],
      [[contradict('rate-limiter')]], [[contradict('rate-limiter')], { verified: true }], [[contradict('rate-limiter')]],
    ]);
    assert.deepEqual(log.slice(2), [
      't2 promoted rate-limiter', 't3 contradicted rate-limiter', 't3 demoted rate-limiter',
      't4 contradicted rate-limiter', 't5 contradicted rate-limiter', 't5 retracted rate-limiter',
    ]);
    assert.deepEqual(records, []);
    assert.deepEqual(last.changes.map((c: { op: string; path: string }) => `${c.op} ${c.path}`), ['delete world/hypotheses/rate-limiter.md', 'write world/index.md']);
  });

  it('support never demotes a hand-written confirmed fact that has no evidence list', () => {
    const hand = { ...parseWorldRecord(fixture('world/entities/rate-limiter.md'), 'world/entities/rate-limiter.md'), evidence: { supports: [], contradicts: [], verified: [] } };
    const { records } = run([[[support('rate-limiter')]]], [hand]);
    assert.equal(records[0].status, 'confirmed');
  });

  it('a newer, different claim on the same subject supersedes the older one, keeping it as a trail', () => {
    const { records, log } = run([[[assert_('rate limiter', RL)]], [[assert_('rate-limiter', 'Vendor X allows 60 requests per minute')]]]);
    assert.deepEqual(log, ['t1 added rate-limiter', 't2 superseded rate-limiter']);
    const r = records[0];
    assert.equal(r.claim, 'Vendor X allows 60 requests per minute');
    assert.deepEqual(r.evidence.supports, ['t2']);
    assert.deepEqual(r.supersedes.map((s) => s.claim), [RL]);
  });

  it('merges duplicate concepts that an alias reveals, keeping all evidence under the oldest name', () => {
    const { records, log, last } = run([
      [[assert_('rate limiter', RL)]],
      [[assert_('throttle', 'Requests beyond the quota get HTTP 429', { kind: 'relation' })]],
      [[assert_('throttle', 'Requests beyond the quota get HTTP 429', { aliases: ['rate-limiters'] })]],
    ]);
    assert.ok(log.includes('t3 merged rate-limiter'), log.join('\n'));
    assert.equal(records.length, 1);
    assert.equal(records[0].name, 'rate-limiter');
    assert.deepEqual(records[0].evidence.supports.sort(), ['t1', 't2', 't3']);
    assert.ok(records[0].aliases.includes('throttle'));
    assert.ok(last.changes.some((c: { op: string; path: string }) => c.op === 'delete' && c.path === 'world/hypotheses/throttle.md'));
  });

  it('collapses duplicates already on disk (e.g. written by hand)', () => {
    const a = parseWorldRecord(fixture('world/entities/rate-limiter.md'), 'world/entities/rate-limiter.md');
    const b: WorldRecord = { ...a, name: 'rate-limiters', aliases: [], status: 'hypothesis', first_seen: '2026-04-30T00:00:00.000Z', evidence: { supports: ['x9'], contradicts: [], verified: [] } };
    const { records, log } = run([[[support('rate limiter')]]], [a, b]);
    assert.equal(records.length, 1);
    assert.deepEqual(records[0].evidence.supports, ['sync-1', 'sync-2', 'sync-3', 'x9', 't1']);
    assert.ok(log[0].startsWith('t1 merged'), log.join());
  });
});

describe('world: learning modes and bad proposals', () => {
  it("'none' makes no world updates; 'constrained' adds hypotheses but never promotes or replaces a confirmed belief", () => {
    const none = run([[[assert_('rl', RL)], { mode: 'none' }]]);
    assert.deepEqual(none.records, []);
    assert.match(none.last.events[0].detail, /learning is none/);
    const c = run([[[assert_('rl', RL)], { mode: 'constrained', verified: true }], [[support('rl')], { mode: 'constrained', verified: true }]]);
    assert.equal(c.records[0].status, 'hypothesis');
    assert.equal(c.records[0].confidence, 0.83);
    const confirmed = parseWorldRecord(fixture('world/entities/rate-limiter.md'), 'world/entities/rate-limiter.md');
    const kept = run([[[assert_('rate-limiter', 'Vendor X allows 60 requests per minute')], { mode: 'constrained' }]], [confirmed]);
    assert.match(kept.records[0].claim, /100 requests/);
    assert.deepEqual(kept.records[0].evidence.contradicts, ['t1']);
    assert.match(kept.last.events.at(-1)!.detail, /constrained/);
  });

  it('rejects bad proposals with a reason and applies the good ones', () => {
    const proposals: WorldProposal[] = [
      assert_('no evidence', RL, { evidence: '' }),
      assert_('../skills/evil/SKILL', RL),
      assert_('giant', 'x'.repeat(5000), { evidence: 'a short observation' }),
      assert_('!!!', RL),
      { ...assert_('kindless', RL), kind: 'planet' },
      support('unknown-record'),
      { ...support('x'), op: 'delete' },
      assert_('good one', RL),
    ];
    const out = applyWorldUpdates([], proposals, ctx('t1'));
    const rejected = out.events.filter((e) => e.type === 'rejected').map((e) => e.detail);
    assert.equal(rejected.length, 7, rejected.join('\n'));
    for (const re of [/no evidence/, /looks like a path/, /claim is 5000 characters/, /no letters or digits/, /kind "planet"/, /no world record named "unknown-record"/, /unknown op "delete"/]) {
      assert.ok(rejected.some((r) => re.test(r)), `${re} in\n${rejected.join('\n')}`);
    }
    assert.deepEqual(out.records.map((r) => r.name), ['good-one']);
    assert.ok(out.changes.every((c: { path: string }) => c.path.startsWith('world/')));
    assert.match(applyWorldUpdates([], [assert_('world/entities/x', RL)], ctx('t2')).events[0].detail, /looks like a path/);
  });

  it('a task that failed its audit may contradict but not support; too many updates are cut', () => {
    const start = run([[[assert_('rl', RL)]]]).records;
    const failed = applyWorldUpdates(start, [support('rl'), contradict('rl'), assert_('new', 'A new claim here')], ctx('t2', { auditScore: -1 }));
    assert.deepEqual(failed.events.map((e) => e.type), ['rejected', 'contradicted', 'rejected']);
    const many = applyWorldUpdates([], Array.from({ length: 10 }, (_, i) => assert_(`thing ${i}`, `claim number ${i}`)), ctx('t3'));
    assert.equal(many.records.length, 8);
    assert.equal(many.events.filter((e) => e.type === 'rejected').length, 2);
  });

  it('changes nothing when there is nothing to change, and never mutates its input', () => {
    const start = run([[[assert_('rl', RL)]]]).records;
    const before = structuredClone(start);
    assert.deepEqual(applyWorldUpdates(start, [], ctx('t2')).changes, []);
    applyWorldUpdates(start, [contradict('rl'), contradict('rl')], ctx('t3'));
    assert.deepEqual(start, before);
  });
});
