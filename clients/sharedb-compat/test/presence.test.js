// Presence between ShareDB clients: a plain channel, and a text-unicode document's presence that
// the server moves over ops the sender had not seen yet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, call, closeAll, wsUrl, freshId, until, rawSocket, httpJson, docUrl, TEXT } from './support.js';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('channel presence reaches the other client, and goes when its connection closes', async () => {
  const channel = freshId('room').replace('/', '-');
  const [a, b] = await Promise.all([connect(wsUrl(server)), connect(wsUrl(server))]);
  const presenceA = a.getPresence(channel);
  const presenceB = b.getPresence(channel);
  await call(presenceA, 'subscribe');
  await call(presenceB, 'subscribe');
  const received = [];
  presenceB.on('receive', (id, value) => received.push([id, value]));
  const mine = presenceA.create('ada-tab');
  await call(mine, 'submit', { name: 'Ada', color: 'red' });
  await until(() => presenceB.remotePresences['ada-tab']?.name === 'Ada', 5000, 'presence at B');

  // A third client joining later gets the value too: joining asks the others to send theirs again.
  const c = await connect(wsUrl(server));
  const presenceC = c.getPresence(channel);
  await call(presenceC, 'subscribe');
  await until(() => presenceC.remotePresences['ada-tab']?.color === 'red', 5000, 'presence at C');

  a.close();
  await until(() => !('ada-tab' in presenceB.remotePresences), 5000, 'presence gone at B');
  assert.deepEqual(received.at(-1), ['ada-tab', null]);
  closeAll([b, c]);
});

test('document presence on text-unicode follows edits, also ones the sender had not seen', async () => {
  const id = freshId('p').replace('p/', '');
  const [a, b] = await Promise.all([connect(wsUrl(server)), connect(wsUrl(server))]);
  const docA = a.get('pads', id);
  await call(docA, 'create', 'hello world', TEXT);
  await call(docA, 'subscribe');
  const docB = b.get('pads', id);
  await call(docB, 'subscribe');
  const presenceB = b.getDocPresence('pads', id);
  await call(presenceB, 'subscribe');
  const presenceA = a.getDocPresence('pads', id);
  await call(presenceA, 'subscribe');

  const caret = presenceA.create('caret-a');
  await call(caret, 'submit', { index: 6 });
  await until(() => presenceB.remotePresences['caret-a']?.index === 6, 5000, 'caret at B');
  await call(docB, 'submitOp', [0, '>> ']);
  await until(() => presenceB.remotePresences['caret-a']?.index === 9, 5000, 'caret moved by B\'s insert');

  // A raw client sends a caret made at version 1: the server moves it over versions 2..3 first.
  await call(docA, 'submitOp', [0, '12']);
  const raw = await rawSocket(wsUrl(server));
  raw.send({ a: 'hs', id: 'raw-presence-client', protocol: 1, protocolMinor: 2 });
  await until(() => raw.messages.some((m) => m.a === 'hs'), 5000, 'handshake');
  raw.send({ a: 'p', ch: `pads.${id}`, id: 'caret-raw', pv: 0, p: { index: 6 }, c: 'pads', d: id, v: 1, t: TEXT });
  await until(() => raw.messages.some((m) => m.a === 'p'), 5000, 'presence reply');
  const reply = raw.messages.find((m) => m.a === 'p');
  assert.equal(reply.v, 3);
  assert.deepEqual(reply.p, { index: 11 });
  await until(() => presenceB.remotePresences['caret-raw']?.index === 11, 5000, 'moved caret at B');
  raw.socket.close();

  closeAll([a, b]);
});

// ShareDB 7's server refuses presence whose `t` names a type without transformPresence, and
// ShareDB's client always names the document's type; ot-json0 has no transformPresence.
test('document presence on json0 from ShareDB\'s client is refused as ShareDB refuses it', async () => {
  const id = freshId('j').replace('j/', '');
  const [a, b] = await Promise.all([connect(wsUrl(server)), connect(wsUrl(server))]);
  const docA = a.get('notes', id);
  await call(docA, 'create', { n: 1 });
  await call(docA, 'subscribe');
  const presenceB = b.getDocPresence('notes', id);
  await call(presenceB, 'subscribe');
  const presenceA = a.getDocPresence('notes', id);
  await call(presenceA, 'subscribe');
  const sent = [];
  a.on('send', (message) => sent.push(message));

  const local = presenceA.create('json-caret');
  await assert.rejects(call(local, 'submit', { path: ['n'] }), { code: 'ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE' });
  assert.equal(sent.find((m) => m.a === 'p')?.t, 'http://sharejs.org/types/JSONv0');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(Object.keys(presenceB.remotePresences), []);
  closeAll([a, b]);
});

// (ShareDB's own client never sends this; a receiver here is a raw socket, because ShareDB's client
// throws when it has to move a remote json0 presence over an op.)
test('document presence without a type is relayed while nothing has to move, else refused', async () => {
  const id = freshId('j').replace('j/', '');
  assert.equal((await httpJson(docUrl(server, `notes/${id}`), 'PUT', { type: 'json0', data: { n: 1 } })).status, 201);
  const channel = `notes.${id}`;
  const [sender, receiver] = await Promise.all([rawSocket(wsUrl(server)), rawSocket(wsUrl(server))]);
  for (const raw of [sender, receiver]) raw.send({ a: 'hs', id: null, protocol: 1, protocolMinor: 2 });
  receiver.send({ a: 'ps', ch: channel, seq: 1 });
  await until(() => receiver.messages.some((m) => m.a === 'ps'), 5000, 'presence subscription');
  await until(() => sender.messages.some((m) => m.a === 'hs'), 5000, 'handshake');

  sender.send({ a: 'p', ch: channel, id: 'untyped', pv: 0, p: { at: 'n' }, c: 'notes', d: id, v: 1 });
  await until(() => receiver.messages.some((m) => m.a === 'p' && m.id === 'untyped'), 5000, 'the relayed presence');
  const relayed = receiver.messages.find((m) => m.a === 'p' && m.id === 'untyped');
  assert.deepEqual([relayed.p, relayed.v, relayed.t], [{ at: 'n' }, 1, null]);

  assert.equal((await httpJson(`${docUrl(server, `notes/${id}`)}/ops`, 'POST', { v: 1, op: [{ p: ['n'], na: 1 }] })).status, 200);
  sender.send({ a: 'p', ch: channel, id: 'untyped', pv: 1, p: { at: 'old' }, c: 'notes', d: id, v: 1 });
  await until(() => sender.messages.some((m) => m.error), 5000, 'the refusal');
  const refusal = sender.messages.find((m) => m.error);
  assert.equal(refusal.error.code, 'ERR_DOC_TYPE_NOT_RECOGNIZED');
  assert.deepEqual([refusal.a, refusal.id, refusal.pv], ['p', 'untyped', 1]);
  assert.equal(receiver.messages.filter((m) => m.a === 'p' && m.id === 'untyped').length, 1);
  for (const raw of [sender, receiver]) raw.socket.close();
});
