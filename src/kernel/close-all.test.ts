import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../telemetry/index.ts';
import { closeAll } from './close-all.ts';

test('closeAll runs every step even when one throws, then reports each failure', async () => {
  const ran: string[] = [];
  const err = await closeAll(silentLogger(), 'owner', [
    ['a', () => void ran.push('a')],
    ['b', () => { ran.push('b'); throw new Error('boom'); }],
    ['c', async () => { ran.push('c'); throw new Error('bang'); }],
    ['d', () => void ran.push('d')],
  ]).then(() => undefined, (e: unknown) => e);
  assert.deepEqual(ran, ['a', 'b', 'c', 'd']);
  assert.ok(err instanceof AggregateError);
  assert.equal(err.errors.length, 2);
  assert.match(err.message, /owner stopped with 2 failed step\(s\): owner: b: boom; owner: c: bang/);
});
