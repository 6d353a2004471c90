import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter, stringifyFrontMatter } from './frontmatter.ts';
import { FrontMatterError } from './errors.ts';

test('parse splits YAML front matter from the body', () => {
  const r = parseFrontMatter('---\nname: retry\ndescription: "Backoff: exponential"\nconfidence: 0.7\n---\n# Body\n\ntext\n');
  assert.deepEqual(r, { data: { name: 'retry', description: 'Backoff: exponential', confidence: 0.7 }, body: '# Body\n\ntext\n', hasFrontMatter: true });
  assert.deepEqual(parseFrontMatter('no front matter\n---\n'), { data: {}, body: 'no front matter\n---\n', hasFrontMatter: false });
  assert.deepEqual(parseFrontMatter('---\n---\n'), { data: {}, body: '', hasFrontMatter: true });
  assert.deepEqual(parseFrontMatter('---\r\na: 1\r\n---\r\nbody'), { data: { a: 1 }, body: 'body', hasFrontMatter: true });
  // Timestamps stay strings as written (YAML 1.2 core schema).
  assert.equal(parseFrontMatter('---\ncreated: 2026-04-29T10:05:00Z\n---\n').data.created, '2026-04-29T10:05:00Z');
});

test('malformed YAML throws a FrontMatterError naming the file, line and column', () => {
  const text = '---\nname: ok\nlist: [a, b\nother: x\n---\nbody\n';
  assert.throws(
    () => parseFrontMatter(text, 'skills/retry/SKILL.md'),
    (e: unknown) => e instanceof FrontMatterError && e.code === 'E_FRONT_MATTER' && e.file === 'skills/retry/SKILL.md' && e.line >= 3 && e.line <= 5 && /^skills\/retry\/SKILL\.md:\d+:\d+: invalid front matter/.test(e.message),
  );
  assert.throws(() => parseFrontMatter('---\na: 1\na: 2\n---\n', 'f.md'), (e: unknown) => e instanceof FrontMatterError && e.line === 3);
  assert.throws(() => parseFrontMatter('---\nname: x\n', 'f.md'), /f\.md:1:1: .*no closing ---/);
  assert.throws(() => parseFrontMatter('---\n- a\n---\n', 'f.md'), /expected a mapping/);
});

test('stringify is deterministic, keeps key order, and round-trips', () => {
  const data = { z: 1, a: 'text: with colon', list: ['x', 'y'], nested: { b: true, a: null }, long: 'w '.repeat(100).trim(), multi: 'one\ntwo\n' };
  const body = '\n# Title\n\n---\nnot front matter\n';
  const s = stringifyFrontMatter(data, body);
  assert.equal(s, stringifyFrontMatter(data, body));
  assert.ok(s.indexOf('z:') < s.indexOf('a:'), 'given key order');
  assert.equal(s.split('\n').find((l) => l.startsWith('long:'))?.length, 'long: '.length + 199, 'no folding');
  assert.deepEqual(parseFrontMatter(s), { data, body, hasFrontMatter: true });
  assert.equal(stringifyFrontMatter({}, 'b'), '---\n---\nb');
});
