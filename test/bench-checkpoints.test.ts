// bench checkpoints on a tiny run: the output contract (the last line one JSON object, a baseline
// measured in the same run) and its flags.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../bench/checkpoints.ts';

test('bench checkpoints prints the step time with and without checkpoints, writes per step and sizes as its last line', { timeout: 120_000 }, async () => {
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (s: string) => lines.push(s);
  console.error = () => {};
  let code: number;
  try {
    code = await run(['--tasks', '4', '--steps', '2', '--json']);
  } finally {
    console.log = log;
    console.error = error;
  }
  assert.equal(code, 0);
  const out = JSON.parse(lines.at(-1)!);
  for (const k of ['step_ms_p50_with_checkpoints', 'step_ms_p50_without', 'checkpoint_ms_per_step_p50', 'write_ms_p50', 'checkpoint_bytes_p50', 'checkpoint_bytes_max']) assert.equal(typeof out[k], 'number', k);
  assert.equal(out.writes_per_step, 2, 'one tool call per step: its intent (flushed) and its result');
  assert.ok(out.checkpoint_bytes_p50 > 1000 && out.checkpoint_bytes_max >= out.checkpoint_bytes_p50, 'the conversation is in the checkpoint');
  await assert.rejects(run(['--tasks', '1']), /--tasks takes a whole number ≥ 2/);
});
