// Lost connections, lost acks, offline edits across a reload, and refused ops, through a proxy
// the tests can break.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { newClient, until, httpJson, docUrl, freshId } from './support/clients.js';
import { memoryStorage, MemoryPendingStore } from '../src/index.js';

let server;
let proxy;
const clients = [];
const client = (url, options) => {
  const c = newClient(url, options);
  clients.push(c);
  return c;
};

before(async () => {
  server = await startServer(['--max-doc-bytes', '2000']);
  proxy = await startProxy(server.port);
});

after(async () => {
  for (const c of clients) c.close();
  await proxy.close();
  await server.stop();
});

const isAck = (text) => text.includes('"t":"ack"');

async function createDoc(data) {
  const id = freshId();
  await httpJson(docUrl(server, id), 'PUT', { type: 'json0', data });
  return id;
}

async function serverDoc(id) {
  return (await httpJson(docUrl(server, id))).body;
}

test('after the socket is cut, the client reconnects, catches up and commits every edit exactly once', async () => {
  const id = await createDoc({ items: [] });
  const c = client(proxy.url);
  const doc = c.doc(id);
  await doc.ready;
  proxy.dropServerFrames(isAck); // the first op commits, but its ack never arrives
  for (let i = 0; i < 5; i++) doc.submit([{ p: ['items', i], li: i }]);
  for (let tries = 0; (await serverDoc(id)).v < 2 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
  proxy.cut();
  proxy.dropServerFrames(() => false);
  await doc.settled();
  const stored = await serverDoc(id);
  assert.equal(stored.v, 3); // creation, the in-flight op, the four composed while it waited
  assert.deepEqual(stored.data, { items: [0, 1, 2, 3, 4] });
  assert.deepEqual(doc.data, stored.data);
});

test('an op whose ack is lost is resent after the ack timeout and committed once', async () => {
  const id = await createDoc({ n: 0 });
  const c = client(proxy.url, { ackTimeoutMs: 300 });
  const doc = c.doc(id);
  await doc.ready;
  let dropped = 0;
  proxy.dropServerFrames((text) => isAck(text) && dropped++ === 0);
  const started = Date.now();
  doc.submit([{ p: ['n'], na: 5 }]);
  await doc.settled();
  proxy.dropServerFrames(() => false);
  assert.equal(dropped >= 1, true);
  assert.ok(Date.now() - started >= 300, 'acked only by the resend');
  const stored = await serverDoc(id);
  assert.equal(stored.v, 2);
  assert.deepEqual(stored.data, { n: 5 });
  assert.equal(doc.version, 2);
});

test('edits made offline survive a reload and are sent in order, rebased over edits made meanwhile', async () => {
  const id = await createDoc({ log: [] });
  const storage = memoryStorage();
  const pendingStore = new MemoryPendingStore();
  const first = client(proxy.url, { storage, pendingStore });
  const doc = first.doc(id);
  await doc.ready;
  proxy.dropServerFrames(isAck);
  doc.submit([{ p: ['log', 0], li: 'a' }]); // sent and committed, ack lost
  for (let tries = 0; (await serverDoc(id)).v < 2 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
  proxy.down();
  await until(() => !first.online, 5000, 'offline');
  doc.submit([{ p: ['log', 1], li: 'b' }]);
  doc.submit([{ p: ['log', 2], li: 'c' }]);
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the pending store write
  first.close(); // the page goes away
  const saved = await pendingStore.get(id, first.src);
  assert.ok(saved.inflight && saved.pending, 'in-flight and pending edits are stored');

  // Someone else edits while we are away.
  await httpJson(`${docUrl(server, id)}/ops`, 'POST', { v: 2, op: [{ p: ['log', 0], li: 'other' }] });

  proxy.dropServerFrames(() => false);
  proxy.up();
  const reloaded = client(proxy.url, { storage, pendingStore, autoConnect: false });
  const again = reloaded.doc(id);
  await again.ready; // from the pending store, before any connection
  assert.deepEqual(again.data, { log: ['a', 'b', 'c'] });
  reloaded.connect();
  await again.settled();
  const stored = await serverDoc(id);
  assert.equal(stored.v, 4); // a (once), other, then b+c composed
  assert.deepEqual(stored.data, { log: ['other', 'a', 'b', 'c'] });
  assert.deepEqual(again.data, stored.data);
  assert.deepEqual(await pendingStore.list(), []);
});

test('a refused op is rolled back, later edits are kept, and the app gets an error', async () => {
  const id = await createDoc({ title: 'ok', notes: [] });
  const c = client(server.url);
  const doc = c.doc(id);
  await doc.ready;
  const errors = [];
  doc.on('error', (error) => errors.push(error));
  doc.submit([{ p: ['blob'], oi: 'x'.repeat(5000) }]); // past --max-doc-bytes: refused
  doc.submit([{ p: ['notes', 0], li: 'kept' }]);
  assert.equal(doc.data.blob.length, 5000); // optimistic
  await until(() => errors.length > 0, 5000, 'the refusal');
  await doc.settled();
  assert.equal(errors[0].code, 'too_large');
  assert.deepEqual(doc.data, { title: 'ok', notes: ['kept'] });
  const stored = await serverDoc(id);
  assert.deepEqual(stored.data, doc.data);
});

test('an op the server finds invalid is replaced by the server snapshot, keeping later edits', async () => {
  const id = await createDoc({ list: ['a'] });
  const c = client(server.url);
  const doc = c.doc(id);
  await doc.ready;
  const errors = [];
  doc.on('error', (error) => errors.push(error));
  doc.submit([{ p: ['list', 5], li: 'z' }]); // past the end: applies here (appends), invalid there
  doc.submit([{ p: ['list', 0], li: 'kept' }]);
  assert.deepEqual(doc.data, { list: ['kept', 'a', 'z'] });
  await until(() => errors.length > 0, 5000, 'the refusal');
  await doc.settled();
  assert.equal(errors[0].code, 'invalid_op');
  assert.deepEqual(doc.data, { list: ['kept', 'a'] });
  assert.deepEqual((await serverDoc(id)).data, doc.data);
});
