import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maySubmitVerify, publicPathMatcher } from './auth.ts';

test('public paths: exact, or a folder with /*; anything else is refused when the app is built', () => {
  const pub = publicPathMatcher(['/', '/healthz', '/web/*']);
  for (const p of ['/', '/healthz', '/web', '/web/', '/web/app.js', '/web/a/b.css']) assert.equal(pub(p), true, p);
  for (const p of ['/agents', '/healthz/x', '/webx', '/web.js', '/approvals', '']) assert.equal(pub(p), false, p);
  for (const bad of ['web/*', '/*', '/a*', '/a/*/b', '/a/**']) assert.throws(() => publicPathMatcher([bad]), /public path/, bad);
});

test('verify: only the operator may send a command', () => {
  assert.equal(maySubmitVerify('operator'), true);
  assert.equal(maySubmitVerify('read'), false);
  assert.equal(maySubmitVerify(undefined), false);
});
