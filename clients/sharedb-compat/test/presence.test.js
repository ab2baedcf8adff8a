// Presence between ShareDB clients: a plain channel, and a text-unicode document's presence that
// the server moves over ops the sender had not seen yet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, call, closeAll, wsUrl, freshId, until, rawSocket, TEXT } from './support.js';

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

  const json = a.get('notes', `${id}-json`);
  await call(json, 'create', { n: 1 });
  const jsonPresence = a.getDocPresence('notes', `${id}-json`);
  await call(jsonPresence, 'subscribe');
  const rawJson = await rawSocket(wsUrl(server));
  rawJson.send({ a: 'hs', id: null, protocol: 1, protocolMinor: 2 });
  rawJson.send({ a: 'p', ch: `notes.${id}-json`, id: 'x', pv: 0, p: 1, c: 'notes', d: `${id}-json`, v: 1, t: 'http://sharejs.org/types/JSONv0' });
  await until(() => rawJson.messages.some((m) => m.error), 5000, 'json0 presence refused');
  assert.equal(rawJson.messages.find((m) => m.error).error.code, 'ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE');
  rawJson.socket.close();
  closeAll([a, b]);
});
