import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseQueue, serializeTask, removeBlocks, removeRawBlocks, orderTasks, type NewTask } from './queue-codec.ts';
import { InvalidTaskError } from './errors.ts';
import type { QueueTask } from './types.ts';

const FIX = path.join(import.meta.dirname, 'fixtures', 'queue');

test('fixtures parse to their pinned results', () => {
  const files = fs.readdirSync(FIX).filter((f) => f.endsWith('.md'));
  assert.ok(files.length >= 6);
  for (const f of files) {
    const text = fs.readFileSync(path.join(FIX, f), 'utf8');
    const expected = JSON.parse(fs.readFileSync(path.join(FIX, f.replace(/\.md$/, '.expected.json')), 'utf8'));
    assert.deepEqual(parseQueue(text), expected, f);
  }
});

// seed-001-*.md are the seed's `cat >> queue.md` heredocs verbatim (trailing spaces included). In
// seed-001-revu.md the closing ``` and the last lines were restored: the published page lost them
// when the inner fence closed the article's own code block.
test('seed 001 block scalar keeps its python fence and indentation', () => {
  const text = fs.readFileSync(path.join(FIX, 'seed-001-revu.md'), 'utf8');
  const [t] = parseQueue(text).tasks;
  assert.equal(t.id, 'review-flask-endpoint');
  assert.match(t.task, /\n```python\n@app\.route/);
  assert.match(t.task, /\n    query = f"SELECT/);
  assert.equal(t.priority, 'high');
});

test('indented ## lines inside task: | are content; column-0 ## starts a block', () => {
  const text = '## a\ntask: |\n  one\n  ## two\nbody: x\n## b\ntask: y\n';
  const q = parseQueue(text);
  assert.deepEqual(q.tasks.map((t) => t.id), ['a', 'b']);
  assert.equal(q.tasks[0].task, 'one\n## two\n');
  assert.deepEqual(q.tasks[0].extra, { body: 'x' });
});

test('duplicates: later copies are rejected, a malformed first copy does not claim the id', () => {
  const q = parseQueue('## x\ntask: [\n\n## x\ntask: ok\n\n## x\ntask: again\n');
  assert.deepEqual(q.tasks.map((t) => [t.id, t.line]), [['x', 4]]);
  assert.deepEqual(q.rejected.map((r) => r.line), [1, 7]);
  assert.match(q.rejected[1].reason, /^line 7: duplicate task id "x": already used by the task at line 4/);
});

test('partial tail is held back by default and parsed when told it is complete', () => {
  const text = '## a\ntask: one\n\n## b\ntask: tw';
  assert.deepEqual(parseQueue(text).tasks.map((t) => t.id), ['a']);
  assert.deepEqual(parseQueue(text).partial, { line: 4, raw: '## b\ntask: tw' });
  assert.deepEqual(parseQueue(text, { holdPartialTail: false }).tasks.map((t) => t.task), ['one', 'tw']);
  // An unfinished malformed tail is not rejected yet.
  assert.deepEqual(parseQueue('## a\ntask: [').rejected, []);
});

test('removeBlocks keeps every other byte: preamble, comments, other blocks, partial tail', () => {
  const pre = '# my queue\n<!-- notes -->\n\n';
  const a = '## a\ntask: one  \n# a comment\n\n';
  const b = '## b\ntask: |\n  ## inner\npriority: low\n\n';
  const bad = '## bad\npriority: x\n\n';
  const tail = '## c\ntask: half';
  const text = pre + a + b + bad + tail;
  assert.equal(removeBlocks(text, ['b']), pre + a + bad + tail);
  assert.equal(removeBlocks(text, ['a', 'missing']), pre + b + bad + tail);
  assert.equal(removeBlocks(text, ['bad']), text, 'a rejected block is not a task');
  assert.equal(removeBlocks(text, ['c']), pre + a + b + bad, 'the caller chose c: the tail counts as finished');
  assert.equal(removeBlocks(text, []), text);
});

test('removeBlocks removes only the accepted copy of a duplicated id', () => {
  const text = '## x\ntask: first\n\n## x\ntask: second\n';
  assert.equal(removeBlocks(text, ['x']), '## x\ntask: second\n');
});

test('removeRawBlocks removes by exact text, at the line or where it moved', () => {
  const text = '## x\ntask: a\n\n## x\ntask: a\n\n## y\ntask: [\n';
  const q = parseQueue(text);
  assert.equal(removeRawBlocks(text, q.rejected), '## x\ntask: a\n\n');
  assert.equal(removeRawBlocks(text, [{ line: 4, raw: '## x\ntask: a\n\n' }]), '## x\ntask: a\n\n## y\ntask: [\n');
  const moved = '# new header\n' + text;
  assert.equal(removeRawBlocks(moved, q.rejected.slice(1)), '# new header\n## x\ntask: a\n\n## x\ntask: a\n\n');
  assert.equal(removeRawBlocks(text, [{ line: 1, raw: 'gone' }]), text);
});

test('orderTasks: priority, then created ascending (missing last), then file order', () => {
  const t = (id: string, priority: QueueTask['priority'], created: string, line: number): QueueTask => ({ id, task: id, priority, created, line });
  const tasks = [
    t('n-missing', 'normal', '', 1),
    t('low-old', 'low', '2020-01-01T00:00:00Z', 2),
    t('n-late', 'normal', '2026-04-29T12:00:00+02:00', 3),
    t('n-early', 'normal', '2026-04-29T11:00:00Z', 4),
    t('high', 'high', '2026-05-01', 5),
    t('n-missing2', 'normal', '', 6),
    t('n-late-tie', 'normal', '2026-04-29T10:00:00Z', 7),
  ];
  assert.deepEqual(orderTasks(tasks).map((x) => x.id), ['high', 'n-late', 'n-late-tie', 'n-early', 'n-missing', 'n-missing2', 'low-old']);
  assert.equal(tasks[0].id, 'n-missing', 'input not mutated');
});

test('serializeTask refuses what parseQueue would reject', () => {
  assert.throws(() => serializeTask({ id: 'bad id', task: 'x' }), InvalidTaskError);
  assert.throws(() => serializeTask({ id: 'ok', task: '   ' }), InvalidTaskError);
  assert.throws(() => serializeTask({ id: 'ok', task: 'x', created: 'yesterday' }), /created must be an ISO 8601/);
  assert.throws(() => serializeTask({ id: 'ok', task: 'x', after: ['no spaces'] }), /not a valid task id/);
  assert.throws(() => serializeTask({ id: 'ok', task: 'x', priority: 'urgent' as never }), /priority/);
});

test('serializeTask writes readable blocks: leading blank line and task: | for multi-line text', () => {
  const s = serializeTask({ id: 'a1', task: 'line one\n## line two\n', priority: 'high', created: '2026-04-29T10:05:00Z', tags: ['x', 'two words'] });
  assert.equal(s, '\n## a1\ntask: |\n  line one\n  ## line two\npriority: high\ncreated: 2026-04-29T10:05:00Z\ntags: [x, "two words"]\n');
});

// --- round trip property ------------------------------------------------------------------

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const PIECES = [
  'plain words', '```python\n', '```\n', '## not a header', '# hash', '#', '##', '---', '...', ': colon', 'key: value',
  '"double"', "'single'", '\\back\\slash', '  indented', '\tTab', 'trailing   ', ' ', '\n', '\n\n', '\n\n\n',
  'ünïcödé ✓ 日本語 🚀', '- dash', '* star', '[flow]', '{map}', '&anchor', '*alias', '!tag', '|', '>', '%', '@', '`',
  'yes', 'null', '~', '123', '0x1F', '1e3', 'true', '2026-04-29', '\u2028', '\u0085', '\x01', '\r', '\r\n', 'é\u0301',
];

function randomText(r: () => number): string {
  let s = '';
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

test('parseQueue(serializeTask(x)) round-trips exactly on tricky texts', () => {
  const r = rng(42);
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const task = randomText(r);
    if (task.trim() === '') continue;
    const t: NewTask = { id: `t-${i}`, task, priority: (['high', 'normal', 'low'] as const)[i % 3], created: i % 4 ? '2026-04-29T10:05:00Z' : '' };
    if (i % 2) t.verify = randomText(r);
    const ttls = ['10m', ' 90 s ', '2h', '1.5d', '250ms', '45'];
    if (i % 3 === 0) t.ttl = i % 2 ? 300 : ttls[Math.floor(r() * ttls.length)];
    if (i % 5 === 0) t.tags = [randomText(r), 'plain', ''];
    if (i % 7 === 0) t.after = ['t-1', 'a.b_c-d'];
    if (i % 11 === 0) t.extra = { note: randomText(r), n: i, nested: { list: [randomText(r)] } };
    const block = serializeTask(t);
    // Also inside a file, after a preamble and before another block.
    const text = `# queue\n${block}${serializeTask({ id: 'next', task: 'x' })}`;
  const q = parseQueue(text);
    assert.deepEqual(q.rejected, [], `rejected: ${JSON.stringify(block)}`);
    assert.equal(q.tasks.length, 2, JSON.stringify(block));
    const { line, ...got } = q.tasks[0];
    const want: Record<string, unknown> = { ...t, priority: t.priority ?? 'normal', created: t.created ?? '' };
    assert.equal(line, 3);
    assert.deepEqual(got, want, `block: ${JSON.stringify(block)}`);
    checked++;
  }
  assert.ok(checked > 2500);
});

test('parseQueue never throws on arbitrary input', () => {
  const r = rng(7);
  const alphabet = ['## ', '##', '\n', 'task: ', '|', '  ', '[', '{', ':', '- ', '"', "'", '&a', '*a', '!!binary', '? ', 'x', '\t', '\r', '\uFEFF', '%YAML 1.2\n', '---\n'];
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = Math.floor(r() * 40);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(r() * alphabet.length)];
    const q = parseQueue(s);
    for (const x of q.rejected) assert.match(x.reason, /line \d+/);
    removeBlocks(s, q.tasks.map((t) => t.id));
  }
  // An alias bomb is rejected, not expanded.
  const bomb = '## b\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntask: t\n';
  assert.equal(parseQueue(bomb).tasks.length, 0);
});

test('judges: in a queue block round-trip through serializeTask and parseQueue; a bad judge is rejected with its line', () => {
  const judges = [{ kind: 'command' as const, run: 'pytest -q\nsecond line', timeout_s: 30 }, { kind: 'contains' as const, text: ['a', 'b'], all: false }];
  const text = serializeTask({ id: 'j1', task: 'x', created: '2026-01-01T00:00:00Z', judges });
  const q = parseQueue(text);
  assert.deepEqual(q.tasks[0].judges, judges);
  const bad = parseQueue(`${text}\n## j2\ntask: y\njudges:\n  - { kind: regex, pattern: "(" }\n\n## j3\ntask: z\n`);
  assert.match(bad.rejected[0].reason, /^line \d+: judges\[0\]\.pattern: not a valid regular expression \(task "j2"\)$/);
});
