// deadlineSignal: aborted by the parent or the deadline (and says which), released by dispose().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadlineSignal } from './deadline-signal.ts';

describe('deadlineSignal', () => {
  it('aborts with a TimeoutError when the time is up, and says so', async () => {
    const d = deadlineSignal(new AbortController().signal, 20);
    await new Promise((resolve) => d.signal.addEventListener('abort', resolve));
    assert.equal(d.timedOut, true);
    assert.equal((d.signal.reason as DOMException).name, 'TimeoutError');
    d.dispose();
  });
  it("follows the parent's abort with the parent's reason, already aborted or later", () => {
    const parent = new AbortController();
    const d = deadlineSignal(parent.signal, 60_000);
    parent.abort(new Error('stopping'));
    assert.equal(d.signal.aborted, true);
    assert.equal(d.timedOut, false);
    assert.equal((d.signal.reason as Error).message, 'stopping');
    d.dispose();
    const late = deadlineSignal(parent.signal, undefined);
    assert.equal(late.signal.aborted, true);
    late.dispose();
  });
  it('after dispose neither the timer nor the parent aborts it', async () => {
    const parent = new AbortController();
    const d = deadlineSignal(parent.signal, 10);
    d.dispose();
    await new Promise((resolve) => setTimeout(resolve, 40));
    parent.abort();
    assert.equal(d.signal.aborted, false);
  });
});
