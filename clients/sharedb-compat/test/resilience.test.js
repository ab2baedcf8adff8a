// A ShareDB client whose socket dies with ops in flight moves to a new socket (bindToSocket) and
// resends them with the same src/seq: each is committed exactly once. And 200 malformed messages
// are each answered with a ShareDB error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ShareDB from 'sharedb/lib/client/index.js';
import { startProxy } from '../../js/test/support/proxy.js';
import { startServer, connect, call, settled, closeAll, wsUrl, httpJson, docUrl, freshId, until, openSocket, whenConnected, rawSocket } from './support.js';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('ops pending when the socket drops are committed exactly once after bindToSocket on a new socket', async () => {
  const proxy = await startProxy(server.port);
  const url = wsUrl({ url: proxy.url });
  const id = freshId('r').replace('r/', '');
  const connection = await connect(url);
  const doc = connection.get('notes', id);
  await call(doc, 'create', { items: [] });
  await call(doc, 'subscribe');

  // The server commits the ops but its acknowledgements are lost with the connection.
  proxy.dropServerFrames((text) => text.includes('"a":"op"'));
  const done = [];
  for (let i = 0; i < 3; i++) {
    done.push(call(doc, 'submitOp', [{ p: ['items', i], li: `op-${i}` }]));
  }
  await until(() => doc.inflightOp !== null, 5000, 'an op in flight');
  let committed = 0;
  for (let tries = 0; tries < 200 && committed < 2; tries++) {
    committed = (await httpJson(docUrl(server, `notes/${id}`))).body.v;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.ok(committed >= 2, 'the in-flight op was committed before the socket dropped');
  proxy.cut();
  await until(() => connection.state === 'disconnected', 5000, 'ShareDB sees the socket close');
  proxy.dropServerFrames(() => false);

  connection.bindToSocket(openSocket(url));
  await whenConnected(connection);
  await Promise.all(done);
  await settled(doc);

  const http = await httpJson(docUrl(server, `notes/${id}`));
  assert.deepEqual(http.body.data, { items: ['op-0', 'op-1', 'op-2'] });
  assert.deepEqual(doc.data, http.body.data);
  assert.equal(doc.version, http.body.v);
  const { body } = await httpJson(`${docUrl(server, `notes/${id}`)}/ops?from=0`);
  const keys = body.ops.filter((op) => op.src).map((op) => `${op.src}/${op.seq}`);
  assert.equal(new Set(keys).size, keys.length, `no (src, seq) committed twice: ${keys}`);
  closeAll([connection]);
  await proxy.close();
});

test('the same op sent twice while the first waits is committed once, and a failure answers both', async () => {
  const raw = await rawSocket(wsUrl(server));
  raw.send({ a: 'hs', id: null, protocol: 1, protocolMinor: 2 });
  await until(() => raw.messages.some((m) => m.a === 'hs'), 20000, 'handshake');
  const missing = freshId('gone').replace('gone/', '');
  const edit = { a: 'op', c: 'notes', d: missing, v: 0, seq: 1, op: [{ p: ['n'], na: 1 }] };
  raw.send(edit);
  raw.send(edit);
  await until(() => raw.messages.filter((m) => m.error).length >= 2, 20000, 'two error replies');
  assert.deepEqual(raw.messages.filter((m) => m.error).map((m) => m.error.code), ['ERR_DOC_DOES_NOT_EXIST', 'ERR_DOC_DOES_NOT_EXIST']);

  const id = freshId('twice').replace('twice/', '');
  raw.send({ a: 'op', c: 'notes', d: id, v: 0, seq: 2, create: { type: 'http://sharejs.org/types/JSONv0', data: {} } });
  await until(() => raw.messages.some((m) => m.a === 'op' && m.seq === 2 && !m.error), 20000, 'the creation acknowledged');
  const increment = { a: 'op', c: 'notes', d: id, v: 1, seq: 3, op: [{ p: ['n'], oi: 1 }] };
  raw.send(increment);
  raw.send(increment);
  await until(() => raw.messages.some((m) => m.a === 'op' && m.seq === 3), 20000, 'the edit acknowledged');
  await new Promise((resolve) => setTimeout(resolve, 300));
  // One when the second arrives while the first waits, two (both with the first's version) when
  // the first had already committed: either way the op is committed once.
  const acks = raw.messages.filter((m) => m.a === 'op' && m.seq === 3);
  assert.ok(acks.length >= 1 && acks.length <= 2 && acks.every((m) => m.v === 1 && !m.error), JSON.stringify(acks));
  const { body } = await httpJson(docUrl(server, `notes/${id}`));
  assert.deepEqual([body.v, body.data], [2, { n: 1 }], 'committed once');
  raw.socket.close();
});

// Each entry breaks one rule of ShareDB's protocol or of Lockstep's ids and limits.
function malformedMessages() {
  const kinds = [
    () => 'not json',
    () => '[1,2,3]',
    () => '{"a":42}',
    () => ({ a: 'nope' }),
    () => ({ a: 'f' }),
    () => ({ a: 'f', c: 'notes' }),
    () => ({ a: 'f', c: 'notes', d: 7 }),
    () => ({ a: 's', c: 'no/slash', d: 'x' }),
    () => ({ a: 's', c: 'notes', d: 'bad id with spaces' }),
    () => ({ a: 'f', c: 'notes', d: 'x', v: -1 }),
    () => ({ a: 'f', c: 'notes', d: 'x', v: 'one' }),
    () => ({ a: 'op', c: 'notes', d: 'x', v: 0, seq: 'one', op: [] }),
    () => ({ a: 'op', c: 'notes', d: 'x', v: 0, seq: 1 }),
    () => ({ a: 'op', c: 'notes', d: 'x', seq: 1, op: [{ p: ['a'], na: 1 }] }),
    () => ({ a: 'op', c: 'notes', d: 'x', v: 0, seq: 1, create: { data: {} } }),
    () => ({ a: 'op', c: 'notes', d: 'x', v: 0, seq: 1, create: { type: 'rich-text', data: {} } }),
    () => ({ a: 'op', c: 'notes', d: 'x', v: 0, seq: 1, src: 'bad src!', op: [] }),
    () => ({ a: 'op', c: 'notes', d: 'missing-doc', v: 0, seq: 1, op: [{ p: ['a'], na: 1 }] }),
    () => ({ a: 'nf', c: 'notes', d: 'x', v: 1 }),
    () => ({ a: 'nt', id: 1, c: 'notes', d: 'x', ts: 'noon' }),
    () => ({ a: 'bs', c: 'notes', b: 'x' }),
    () => ({ a: 'bs', c: 'notes', b: [] }),
    () => ({ a: 'bf', c: 'notes', b: { x: 'one' } }),
    () => ({ a: 'p', ch: 'room', id: 'me', p: 1 }),
    () => ({ a: 'p', ch: 'room', pv: 0, p: 1 }),
    () => ({ a: 'p', ch: 'wrong.channel', id: 'me', pv: 0, p: 1, c: 'notes', d: 'x' }),
    () => ({ a: 'ps', ch: 'room with spaces', seq: 1 }),
    () => ({ a: 'ps', ch: 'room' }),
    () => ({ a: 'qf', c: 'notes', q: {} }),
    () => ({ a: 'qs', id: 3, c: 'notes', q: {} }),
    () => ({ a: 'auth' }),
    () => ({ a: 'f', c: 'notes', d: 'never-created', v: 99999 }),
  ];
  return Array.from({ length: 200 }, (_, i) => kinds[i % kinds.length]());
}

test('200 malformed ShareDB messages are each answered with a ShareDB error, and the server stays well', async () => {
  const messages = malformedMessages();
  // The server closes a connection that earns too many errors a minute, so the messages are
  // spread over several connections, each well under that budget.
  const perConnection = 40;
  for (let start = 0; start < messages.length; start += perConnection) {
    const raw = await rawSocket(wsUrl(server));
    raw.send({ a: 'hs', id: null, protocol: 1, protocolMinor: 2 });
    await until(() => raw.messages.some((m) => m.a === 'hs'), 20000, 'handshake');
    const batch = messages.slice(start, start + perConnection);
    batch.forEach((message) => raw.send(message));
    // Generous bounds: the machine that runs the tests may be busy.
    await until(() => raw.messages.filter((m) => m.error).length >= batch.length, 30000,
      () => `${batch.length} error replies (got ${raw.messages.filter((m) => m.error).length})`);
    assert.equal(raw.messages.filter((m) => m.error).length, batch.length, 'one error reply per message');
    for (const reply of raw.messages.filter((m) => m.error)) {
      assert.match(reply.error.code, /^ERR_/);
      assert.equal(typeof reply.error.message, 'string');
    }
    assert.equal(raw.socket.readyState, 1, 'the connection stays open');
    raw.socket.close();
  }
  const client = await connect(wsUrl(server));
  const doc = client.get('notes', freshId('ok').replace('ok/', ''));
  await call(doc, 'create', { fine: true });
  assert.deepEqual(doc.data, { fine: true });
  closeAll([client]);
});
