import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, redactText, redactValue, registerEnvSecrets } from './index.ts';

test('registered secrets are replaced in text, nested values and log lines', async () => {
  registerEnvSecrets({ LLM_API_KEY: 'sk-test-1234567890', HOME: '/root' });
  assert.equal(redactText('key=sk-test-1234567890!'), 'key=[REDACTED]!');
  assert.equal(redactText('/root stays'), '/root stays');
  assert.deepEqual(redactValue({ a: ['x sk-test-1234567890'], apiKey: 'anything' }), { a: ['x [REDACTED]'], apiKey: '[REDACTED]' });
  assert.equal(redactText('Authorization: Bearer abcdefghijklmnop'), 'Authorization: Bearer [REDACTED]');

  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const log = createLogger({ destination: sink });
  log.info({ err: new Error('401 for sk-test-1234567890') }, 'call failed with sk-test-1234567890');
  await new Promise((r) => setImmediate(r));
  assert.equal(lines.length, 1);
  assert.ok(!lines[0].includes('sk-test-1234567890'), lines[0]);
  assert.match(lines[0], /\[REDACTED\]/);
});
