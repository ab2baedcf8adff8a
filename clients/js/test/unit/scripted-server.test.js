// The parts of the protocol the SDK must handle before every server speaks them (PROTOCOL
// decisions 1 and 2), against a scripted /sync peer: `welcome.exp` and `auth`/`authed`, close code
// 4001 for an expired token, and `unavailable` with `retryMs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import WebSocket from 'ws';
import { LockstepClient, MemoryPendingStore } from '../../src/index.js';

// A /sync peer that knows one json0 document (one crdt document with `script.crdt`);
// `script.onOp(frame, socket, n)` answers each op.
async function scriptedServer(script) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const seen = { hellos: [], ops: [], auths: [] };
  let version = 1;
  server.on('connection', (socket) => {
    socket.on('message', (text) => {
      const frame = JSON.parse(String(text));
      if (frame.t === 'hello') {
        seen.hellos.push(frame);
        socket.send(JSON.stringify({ t: 'welcome', re: frame.id, heartbeat: 25000, ...script.welcome?.(frame) }));
      } else if (frame.t === 'sub') {
        seen.subs = (seen.subs ?? 0) + 1;
        const [type, data] = script.crdt ? ['crdt', script.crdtData?.() ?? {}] : ['json0', { n: 0 }];
        socket.send(JSON.stringify({ t: 'snapshot', re: frame.id, doc: frame.doc, v: version, type, data }));
      } else if (frame.t === 'op') {
        seen.ops.push({ ...frame, at: Date.now() });
        if (script.onOp(frame, socket, seen.ops.length) === 'ack') {
          // A crdt op asks for an echo: its ack carries the op as committed.
          socket.send(JSON.stringify({ t: 'ack', re: frame.id, doc: frame.doc, v: ++version, ...(frame.echo ? { op: frame.op } : {}) }));
        }
      } else if (frame.t === 'auth') {
        seen.auths.push({ ...frame, at: Date.now() });
        script.onAuth?.(frame, socket);
      }
    });
  });
  await new Promise((resolve) => server.on('listening', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const until = async (predicate, ms, what) => {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const client = (url, token) => new LockstepClient({ url, WebSocket, token, pendingStore: new MemoryPendingStore(), backoff: { baseMs: 20, maxMs: 100 } });

test('an op shed with unavailable is resent after retryMs with the same src/seq', async () => {
  const server = await scriptedServer({
    onOp: (frame, socket, n) => {
      if (n > 1) return 'ack';
      socket.send(JSON.stringify({ t: 'err', re: frame.id, doc: frame.doc, code: 'unavailable', msg: 'overloaded', retryMs: 400 }));
      return null;
    },
  });
  const c = client(server.url);
  try {
    const doc = c.doc('d/1');
    await doc.ready;
    doc.submit([{ p: ['n'], na: 1 }]);
    await doc.settled();
    const [first, second] = server.seen.ops;
    assert.equal(server.seen.ops.length, 2);
    assert.deepEqual([second.src, second.seq, second.v], [first.src, first.seq, first.v]);
    const waited = second.at - first.at;
    assert.ok(waited >= 400 && waited < 1500, `resent after ${waited} ms`);
    assert.equal(doc.version, 2);
  } finally {
    c.close();
    await server.close();
  }
});

// Refuses ops 1-3 and 5 with `unavailable` (no retryMs: the document's own backoff decides), acks
// the others. With the jitter pinned at its ceiling the waits before resending ops 1-3 are 200,
// 400 and 800 ms; the ack of op 4 starts the backoff over, so op 5 waits 200 ms again, not 1600.
const refuseSomeOps = (frame, socket, n) => {
  if (n === 4 || n >= 6) return 'ack';
  socket.send(JSON.stringify({ t: 'err', re: frame.id, doc: frame.doc, code: 'unavailable', msg: 'overloaded' }));
  return null;
};

for (const kind of ['OT', 'crdt']) {
  test(`after an ack, the next unavailable refusal of ${kind === 'OT' ? 'an OT' : 'a crdt'} edit is retried after the short initial delay`, async (t) => {
    t.mock.method(Math, 'random', () => 1); // backoff jitter at its ceiling: each wait is exactly base * 2^n
    const server = await scriptedServer({ crdt: kind === 'crdt', onOp: refuseSomeOps });
    const c = client(server.url);
    try {
      const doc = kind === 'crdt' ? c.crdt('d/1') : c.doc('d/1');
      const edit = () => (kind === 'crdt' ? doc.increment('n') : doc.submit([{ p: ['n'], na: 1 }]));
      await doc.ready;
      edit();
      await doc.settled();
      assert.equal(server.seen.ops.length, 4);
      edit();
      await doc.settled();
      const at = server.seen.ops.map((frame) => frame.at);
      assert.equal(at.length, 6);
      assert.ok(at[3] - at[2] >= 800, `the third refusal waited ${at[3] - at[2]} ms`);
      const waited = at[5] - at[4];
      assert.ok(waited >= 200 && waited < 800, `refused after an ack, resent after ${waited} ms`);
      assert.equal(doc.version, 3);
    } finally {
      c.close();
      await server.close();
    }
  });
}

test('a crdt op answered with conflict (committed long ago) is not reported lost: the doc catches up', async () => {
  let committedLongAgo = false;
  const server = await scriptedServer({
    crdt: true,
    crdtData: () => (committedLongAgo ? { n: { k: 'counter', n: 1 } } : {}),
    onOp: (frame, socket, n) => {
      if (n > 1) return 'ack';
      committedLongAgo = true;
      socket.send(JSON.stringify({ t: 'err', re: frame.id, doc: frame.doc, code: 'conflict', msg: 'committed long ago' }));
      return null;
    },
  });
  const c = client(server.url);
  try {
    const doc = c.crdt('d/1');
    const lost = [];
    doc.on('lost', (event) => lost.push(event));
    doc.on('error', () => {});
    await doc.ready;
    doc.increment('n');
    await until(() => server.seen.subs >= 2 && !doc.hasPendingOps, 5000, 'a catch-up after the conflict');
    assert.deepEqual(lost, []);
    assert.deepEqual(doc.value, { n: 1 });
    doc.increment('n');
    await doc.settled();
    assert.deepEqual(doc.value, { n: 2 });
    assert.equal(server.seen.ops.length, 2, 'the op was not sent again');
  } finally {
    c.close();
    await server.close();
  }
});

test('before welcome.exp the client sends a fresh token as auth and keeps the connection', async () => {
  let tokens = 0;
  const server = await scriptedServer({
    welcome: () => ({ exp: Date.now() + 900 }),
    onAuth: (frame, socket) => socket.send(JSON.stringify({ t: 'authed', re: frame.id, exp: Date.now() + 900 })),
    onOp: () => 'ack',
  });
  const c = client(server.url, () => `token-${++tokens}`);
  try {
    await c.doc('d/1').ready;
    await until(() => server.seen.auths.length >= 3, 5000, 'three refreshes');
    assert.equal(server.seen.hellos.length, 1, 'no reconnect');
    assert.deepEqual(server.seen.auths.slice(0, 3).map((frame) => frame.token), ['token-2', 'token-3', 'token-4']);
  } finally {
    c.close();
    await server.close();
  }
});

test('a connection closed with 4001 comes back at once with a fresh token and resends its op', async () => {
  let tokens = 0;
  const server = await scriptedServer({
    onOp: (frame, socket, n) => {
      if (n > 1) return 'ack';
      socket.send(JSON.stringify({ t: 'err', code: 'unauthorized', msg: 'token expired' }));
      socket.close(4001, 'token expired');
      return null;
    },
  });
  const c = new LockstepClient({ url: server.url, WebSocket, token: () => `token-${++tokens}`, pendingStore: new MemoryPendingStore(), backoff: { baseMs: 5000, maxMs: 5000 } });
  try {
    const doc = c.doc('d/1');
    await doc.ready;
    const started = Date.now();
    doc.submit([{ p: ['n'], na: 1 }]);
    await doc.settled();
    assert.ok(Date.now() - started < 4000, 'not after the usual backoff');
    assert.deepEqual(server.seen.hellos.map((frame) => frame.token), ['token-1', 'token-2']);
    const [first, second] = server.seen.ops;
    assert.deepEqual([second.src, second.seq], [first.src, first.seq]);
  } finally {
    c.close();
    await server.close();
  }
});
