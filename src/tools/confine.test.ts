import test from 'node:test';
import assert from 'node:assert/strict';
import { isInside, segmentsBelow, splitRelative, writeRefusal } from './confine.ts';
import { ToolError } from './errors.ts';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ToolError, `expected a ToolError, got ${e}`);
    return e.code;
  }
}

test('splitRelative normalises harmless forms', () => {
  assert.deepEqual(splitRelative('a/b.txt'), ['a', 'b.txt']);
  assert.deepEqual(splitRelative('./a//b/./c'), ['a', 'b', 'c']);
  assert.deepEqual(splitRelative('.'), []);
  assert.deepEqual(splitRelative(''), []);
  assert.deepEqual(splitRelative('a/'), ['a']);
  assert.deepEqual(splitRelative('..a/b..'), ['..a', 'b..']); // dots inside a name are a name
  assert.deepEqual(splitRelative('~x'), ['~x']);
});

test('splitRelative rejects what could leave the workspace', () => {
  assert.equal(code(() => splitRelative('../x')), 'PATH_ESCAPE');
  assert.equal(code(() => splitRelative('a/../../x')), 'PATH_ESCAPE');
  assert.equal(code(() => splitRelative('a/..')), 'PATH_ESCAPE');
  assert.equal(code(() => splitRelative('..')), 'PATH_ESCAPE');
  assert.equal(code(() => splitRelative('/etc/passwd')), 'PATH_ABSOLUTE');
  assert.equal(code(() => splitRelative('//etc/passwd')), 'PATH_ABSOLUTE');
  assert.equal(code(() => splitRelative('C:/Windows')), 'PATH_ABSOLUTE');
  assert.equal(code(() => splitRelative('~/x')), 'PATH_ABSOLUTE');
  assert.equal(code(() => splitRelative('a\0b')), 'PATH_NUL');
  assert.equal(code(() => splitRelative('a\\..\\..\\x')), 'PATH_INVALID');
  assert.equal(code(() => splitRelative(42)), 'PATH_INVALID');
  assert.equal(code(() => splitRelative('a/'.repeat(65))), 'PATH_INVALID');
});

test('isInside compares whole segments', () => {
  assert.equal(isInside('/w/ws', '/w/ws'), true);
  assert.equal(isInside('/w/ws', '/w/ws/a'), true);
  assert.equal(isInside('/w/ws', '/w/ws2'), false);
  assert.equal(isInside('/w/ws', '/w'), false);
  assert.deepEqual(segmentsBelow('/w/ws', '/w/ws/a/b'), ['a', 'b']);
  assert.deepEqual(segmentsBelow('/w/ws', '/w/ws'), []);
  assert.equal(segmentsBelow('/w/ws', '/w/wsx/a'), undefined);
});

test('writeRefusal protects git metadata anywhere, in any case', () => {
  assert.match(writeRefusal(['.git', 'hooks', 'pre-commit']) ?? '', /\.git/);
  assert.ok(writeRefusal(['.git', 'hooks']));
  assert.ok(writeRefusal(['sub', '.git', 'config']));
  assert.ok(writeRefusal(['.GIT', 'config']));
  assert.ok(writeRefusal(['.git'])); // a gitdir pointer file
  assert.ok(writeRefusal(['.gitmodules']));
  assert.ok(writeRefusal(['vendor', '.gitmodules']));
  assert.equal(writeRefusal(['.github', 'workflows', 'ci.yml']), undefined);
  assert.equal(writeRefusal(['.gitignore']), undefined);
  assert.equal(writeRefusal(['notes', 'git', 'hooks.md']), undefined);
});
