import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { apiTokenFile, checkBind, ConfigError, isLoopbackHost, loadApiTokens, readApiSettings, readApiToken } from './index.ts';

const TOKEN = 'operator-token-abcdefghijklmnopqrstuvwxyz012345';
const READ = 'read-only-token-abcdefghijklmnopqrstuvwxyz01234';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-token-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('no token anywhere: the server generates one (32 random bytes, mode 0600) and every later reader gets the same', (t) => {
  const dir = tmp(t);
  assert.equal(readApiToken(dir, {}), undefined, 'a client finds none before the server ever ran');
  const first = loadApiTokens(dir, {});
  assert.equal(first.source, 'generated');
  assert.match(first.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(statSync(apiTokenFile(dir)).mode & 0o777, 0o600);
  const again = loadApiTokens(dir, {});
  assert.deepEqual([again.token, again.source], [first.token, 'file']);
  assert.equal(readApiToken(dir, {}), first.token, 'the CLI reads the same token');
  assert.notEqual(loadApiTokens(tmp(t), {}).token, first.token, 'each data directory has its own');
});

test('$AGENTOS_API_TOKEN wins over the file and makes none; the read-only token comes from its variable or file', (t) => {
  const dir = tmp(t);
  const fromEnv = loadApiTokens(dir, { AGENTOS_API_TOKEN: TOKEN, AGENTOS_API_READ_TOKEN: READ });
  assert.deepEqual(fromEnv, { token: TOKEN, readToken: READ, source: 'env' });
  assert.equal(readApiToken(dir, { AGENTOS_API_TOKEN: ` ${TOKEN}\n` }), TOKEN);
  assert.throws(() => statSync(apiTokenFile(dir)), /ENOENT/);
  mkdirSync(path.join(dir, '.agentos'), { recursive: true });
  writeFileSync(path.join(dir, '.agentos', 'api-read-token'), `${READ}\n`, { mode: 0o600 });
  assert.equal(loadApiTokens(dir, {}).readToken, READ);
  assert.throws(() => loadApiTokens(dir, { AGENTOS_API_TOKEN: READ }), /read-only API token equals the operator token/);
});

test('bad tokens and a token file others can read are configuration errors that never echo the token', (t) => {
  const dir = tmp(t);
  for (const bad of ['short', `${'x'.repeat(40)} space`, `${'é'.repeat(40)}`]) {
    assert.throws(() => loadApiTokens(dir, { AGENTOS_API_TOKEN: bad }), (e: unknown) => e instanceof ConfigError && /\$AGENTOS_API_TOKEN: an API token must be at least 32/.test(e.message) && !e.message.includes(bad));
    assert.throws(() => readApiSettings({ AGENTOS_API_READ_TOKEN: bad }), /AGENTOS_API_READ_TOKEN/);
  }
  loadApiTokens(dir, {});
  chmodSync(apiTokenFile(dir), 0o644);
  assert.throws(() => loadApiTokens(dir, {}), (e: unknown) => e instanceof ConfigError && /readable by others \(mode 644\): run chmod 600/.test(e.message) && !e.message.includes(readFileSync(apiTokenFile(dir), 'utf8').trim()));
  assert.throws(() => readApiToken(dir, {}), /readable by others/);
});

test('serving beyond loopback needs a token the operator chose, unless the image allows the generated one', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
  checkBind('127.0.0.1', undefined, false);
  checkBind('0.0.0.0', TOKEN, false);
  checkBind('0.0.0.0', undefined, true);
  assert.throws(() => checkBind('0.0.0.0', undefined, false), (e: unknown) => e instanceof ConfigError && /refusing to serve the HTTP API on 0\.0\.0\.0.*set AGENTOS_API_TOKEN/.test(e.message));
});

test('API settings from the environment: body limit, origins, the generated-token switch', () => {
  assert.deepEqual(readApiSettings({}), { maxBodyBytes: 1024 * 1024, origins: [], allowGeneratedToken: false, waitMs: 300_000, chatHistoryChars: 16_384 });
  const s = readApiSettings({ AGENTOS_API_TOKEN: TOKEN, AGENTOS_API_MAX_BODY: '65536', AGENTOS_API_ORIGINS: 'https://a.example, http://b.example:8080', AGENTOS_ALLOW_GENERATED_TOKEN: '1' });
  assert.deepEqual(s, { token: TOKEN, maxBodyBytes: 65536, origins: ['https://a.example', 'http://b.example:8080'], allowGeneratedToken: true, waitMs: 300_000, chatHistoryChars: 16_384 });
  assert.throws(() => readApiSettings({ AGENTOS_API_MAX_BODY: '10' }), /AGENTOS_API_MAX_BODY="10": expected a whole number from 1024/);
  assert.throws(() => readApiSettings({ AGENTOS_API_ORIGINS: 'https://a.example/app' }), /is not an origin/);
  assert.throws(() => readApiSettings({ AGENTOS_ALLOW_GENERATED_TOKEN: 'yes' }), /expected 1 or 0/);
  assert.equal(readApiSettings({ AGENTOS_API_WAIT: '2.5' }).waitMs, 2500);
  assert.equal(readApiSettings({ AGENTOS_CHAT_HISTORY: '0' }).chatHistoryChars, 0);
  assert.throws(() => readApiSettings({ AGENTOS_API_WAIT: '0' }), /AGENTOS_API_WAIT="0": expected seconds/);
  assert.throws(() => readApiSettings({ AGENTOS_CHAT_HISTORY: '70000' }), /AGENTOS_CHAT_HISTORY="70000": expected a whole number from 0 to 60000/);
});
