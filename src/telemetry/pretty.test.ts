import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, registerSecret, type LoggerOptions } from './index.ts';
import { prettyDestination, prettyLine } from './pretty.ts';

function capture(opts: LoggerOptions = {}) {
  const chunks: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  const log = createLogger({ ...opts, destination: sink });
  return { log, text: () => chunks.join('') };
}

test('a record is one readable line: time, level, agent/task, message, then key=value', () => {
  const time = new Date(2026, 3, 1, 9, 5, 7).getTime();
  const line = prettyLine({ level: 40, time, pid: 1, hostname: 'h', name: 'agentos', agent: 'orion', task: 't-1', msg: 'audit diverged', reward: 1, reason: 'verify failed (exit 1)', tags: ['a'] });
  assert.equal(line, '09:05:07 WARN  orion/t-1: audit diverged  reward=1 reason="verify failed (exit 1)" tags=["a"]');
  assert.equal(prettyLine({ level: 30, time, msg: 'HTTP API on http://127.0.0.1:8484' }), '09:05:07 INFO  HTTP API on http://127.0.0.1:8484');
  assert.match(prettyLine({ level: 50, time, msg: 'boom' }, { color: true }), /\u001b\[31mERROR\u001b\[0m boom/);
});

test('a multi-line value (a stack) goes below the line, indented; nothing is dropped', () => {
  const line = prettyLine({ level: 50, time: 0, msg: 'task failed', err: 'Error: boom\n    at f (x.ts:1:1)' });
  assert.deepEqual(line.split('\n').slice(1), ['    err:', '      Error: boom', '          at f (x.ts:1:1)']);
  const out: string[] = [];
  prettyDestination({ write: (s: string) => out.push(s) }).write('not json at all\n');
  assert.deepEqual(out, ['not json at all\n'], 'a line that is not a record passes through');
});

test('JSON by default, pretty on request: both print the same record', async () => {
  const json = capture();
  json.log.info({ agent: 'orion', n: 2 }, 'hello');
  const record = JSON.parse(json.text());
  assert.equal(record.msg, 'hello');
  assert.equal(record.n, 2);
  const pretty = capture({ format: 'pretty', color: false });
  pretty.log.info({ agent: 'orion', n: 2 }, 'hello');
  assert.match(pretty.text(), /^\d\d:\d\d:\d\d INFO  orion: hello {2}n=2\n$/);
  const quiet = capture({ format: 'pretty', level: 'warn' });
  quiet.log.info('hidden');
  assert.equal(quiet.text(), '', 'the level applies to pretty output too');
});

test('a registered secret never appears in either format: message, fields, nested values, errors, bindings', () => {
  const secret = 'sk-pretty-test-0123456789abcdef';
  registerSecret(secret);
  for (const format of ['json', 'pretty'] as const) {
    const { log, text } = capture({ format, color: format === 'pretty' });
    log.info(`calling with ${secret}`);
    log.warn({ headers: { authorization: `Bearer ${secret}` }, detail: { deep: [`key=${secret}`] } }, 'request failed');
    log.error({ err: new Error(`401 for ${secret}`) }, 'provider refused');
    log.child({ agent: 'orion', note: secret }).info('child logger');
    log.info({ apiKey: 'not-registered-but-named-key' }, 'by name');
    const all = text();
    assert.ok(!all.includes(secret), `${format}: ${all}`);
    assert.ok(!all.includes('not-registered-but-named-key'), `${format}: ${all}`);
    assert.match(all, /\[REDACTED\]/, format);
    assert.equal(all.trim().split('\n').filter((l) => /calling with|request failed|provider refused|child logger|by name/.test(l)).length, 5, `${format}: every record written`);
  }
});
