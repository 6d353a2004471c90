import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeEvents } from '../kernel/index.ts';
import { EventHub, type HubClient } from './event-hub.ts';

const ids = (frames: string[]) => frames.flatMap((f) => f.split(/(?<=\n\n)/).filter(Boolean)).map((f) => /^id: (\S+)$/m.exec(f)?.[1] ?? /^event: (\S+)$/m.exec(f)?.[1]);
const client = (agent?: string, room = Infinity): HubClient & { got: string[]; closed: boolean } => {
  const c = { agent, got: [] as string[], closed: false, send: (f: string | Uint8Array) => (c.got.length < room ? (c.got.push(String(f)), true) : false), close: () => void (c.closed = true) };
  return c;
};
const emit = (ev: RuntimeEvents, agent: string, n: number) => {
  for (let i = 0; i < n; i++) ev.emitEvent({ type: 'agent.idle', agent });
};

test('ids, resume after Last-Event-ID, a gap when the ring lost events, another boot, per-agent clients, recent', async () => {
  const ev = new RuntimeEvents();
  const hub = new EventHub(ev, { buffer: 5, maxClients: 2, heartbeatMs: 60_000, flushMs: 0 });
  try {
    emit(ev, 'orion', 3);
    const b = hub.boot;
    assert.equal(hub.lastId, `${b}-3`);
    assert.deepEqual(ids(hub.replay(`${b}-1`)), [`${b}-2`, `${b}-3`]);
    assert.deepEqual(hub.replay(undefined), [], 'a new client sees only what comes next');
    emit(ev, 'lex', 4); // seq 4..7; the ring keeps 3..7
    const resumed = hub.replay(`${b}-1`);
    assert.equal(ids(resumed)[0], 'gap');
    assert.match(resumed[0], /"missed":1/);
    assert.deepEqual(ids(resumed.slice(1)), [3, 4, 5, 6, 7].map((s) => `${b}-${s}`));
    assert.match(hub.replay('0000-9')[0], /daemon restarted/);
    assert.match(hub.replay('garbage')[0], /not an event id/);
    assert.deepEqual(ids(hub.replay(`${b}-2`, 'lex')), [4, 5, 6, 7].map((s) => `${b}-${s}`));
    assert.deepEqual(ids(hub.recent(2)), [`${b}-6`, `${b}-7`]);
    assert.deepEqual(ids(hub.recent(10, 'orion')), [`${b}-3`]);

    const all = client();
    const lex = client('lex');
    assert.ok(hub.attach(all, `${b}-6`));
    assert.ok(hub.attach(lex));
    assert.equal(hub.attach(client()), false, 'maxClients');
    emit(ev, 'orion', 1);
    emit(ev, 'lex', 1);
    ev.emitEvent({ type: 'task.model', agent: 'lex', task: 'x', modelMs: 1 }); // not streamed
    await new Promise((r) => setImmediate(r));
    // The replay, then this turn's two events in one write.
    assert.equal(all.got.length, 2);
    assert.deepEqual(ids(all.got), [`${b}-7`, `${b}-8`, `${b}-9`]);
    assert.deepEqual(ids(lex.got), [`${b}-9`]);
    assert.match(all.got[1], /^event: agent\.idle$/m);
    assert.match(all.got[1], /^data: \{"type":"agent.idle","agent":"orion","id":"[0-9a-f]+-8","at":\d+\}$/m);
    assert.equal(hub.lastId, `${b}-9`);
    hub.detach(lex);
    assert.equal(hub.size, 1);
  } finally {
    hub.close();
  }
});

test('a client that stops reading is dropped (it resumes later); a closed hub takes no one; a throwing client cannot fail an emit', async () => {
  const ev = new RuntimeEvents();
  const hub = new EventHub(ev, { buffer: 10, maxClients: 5, heartbeatMs: 60_000, flushMs: 0 });
  const slow = client(undefined, 2);
  const broken: HubClient = { send: () => { throw new Error('socket gone'); }, close: () => {} };
  hub.attach(slow);
  hub.attach(broken);
  for (let i = 0; i < 3; i++) {
    emit(ev, 'orion', 1); // must not throw into the emitter
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(slow.closed, true);
  assert.equal(hub.size, 0, 'the slow client and the broken one are gone');
  hub.close();
  assert.equal(hub.full, true);
  assert.equal(hub.attach(client()), false);
});

test('heartbeats are comments on the configured interval', async () => {
  const ev = new RuntimeEvents();
  const hub = new EventHub(ev, { buffer: 10, maxClients: 5, heartbeatMs: 30, flushMs: 0 });
  const c = client();
  hub.attach(c);
  await new Promise((r) => setTimeout(r, 120));
  hub.close();
  assert.ok(c.got.length >= 2, `${c.got.length} heartbeats`);
  assert.match(c.got[0], /^: heartbeat \S+\n\n$/);
});
