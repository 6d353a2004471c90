import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandIn, maySubmitCommands, publicPathMatcher } from './auth.ts';

test('public paths: exact, or a folder with /*; anything else is refused when the app is built', () => {
  const pub = publicPathMatcher(['/', '/healthz', '/web/*']);
  for (const p of ['/', '/healthz', '/web', '/web/', '/web/app.js', '/web/a/b.css']) assert.equal(pub(p), true, p);
  for (const p of ['/agents', '/healthz/x', '/webx', '/web.js', '/approvals', '']) assert.equal(pub(p), false, p);
  for (const bad of ['web/*', '/*', '/a*', '/a/*/b', '/a/**']) assert.throws(() => publicPathMatcher([bad]), /public path/, bad);
});

test('verify: and judges that run a command: only the operator may send them', () => {
  assert.equal(maySubmitCommands('operator'), true);
  assert.equal(maySubmitCommands('read'), false);
  assert.equal(maySubmitCommands(undefined), false);
  assert.equal(commandIn({ verify: 'npm test' }), 'verify');
  assert.equal(commandIn({ judges: [{ kind: 'regex', pattern: 'x' }, { kind: 'tests', run: 'make check' }] }), 'judges.1.run');
  assert.equal(commandIn({ judges: [{ kind: 'tests' }, { kind: 'llm', rubric: 'r' }] }), undefined);
  assert.equal(commandIn({}), undefined);
});
