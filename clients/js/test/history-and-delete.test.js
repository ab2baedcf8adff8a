// client.snapshotAt and client.deleteDoc against a real server, with a JWT secret so the rights
// are checked too (docs/protocol.md §8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { newClient, until, freshId, docUrl } from './support/clients.js';
import { hs256Token } from './support/jwt.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
let server;
const clients = [];
const client = (rights) => {
  const c = newClient(server.url, { token: () => hs256Token(SECRET, { sub: 'ada', lockstep: rights }) });
  clients.push(c);
  return c;
};
const all = { read: ['*'], write: ['*'] };

before(async () => {
  server = await startServer(['--jwt-secret', SECRET]);
});

after(async () => {
  for (const c of clients) c.close();
  await server.stop();
});

test('snapshotAt reads each version of a document, and null before it existed', async () => {
  const c = client(all);
  const id = freshId('history');
  const doc = c.doc(id);
  await doc.ready;
  doc.create('json0', { items: [] });
  await doc.settled();
  doc.submit([{ p: ['items', 0], li: 'milk' }]);
  await doc.settled();
  doc.submit([{ p: ['items', 1], li: 'eggs' }]);
  await doc.settled();
  assert.equal(doc.version, 3);

  assert.deepEqual(await c.snapshotAt(id, 0), { v: 0, type: null, data: null });
  assert.deepEqual(await c.snapshotAt(id, 1), { v: 1, type: 'json0', data: { items: [] } });
  assert.deepEqual(await c.snapshotAt(id, 2), { v: 2, type: 'json0', data: { items: ['milk'] } });
  assert.deepEqual(await c.snapshotAt(id, 3), { v: 3, type: 'json0', data: { items: ['milk', 'eggs'] } });
});

test('snapshotAt of a crdt document carries its plain value too', async () => {
  const c = client(all);
  const board = c.crdt(freshId('board'));
  board.increment('likes', 2);
  await board.settled();
  board.increment('likes', 3);
  await board.settled();
  const atTwo = await c.snapshotAt(board.id, 2);
  assert.deepEqual([atTwo.v, atTwo.type, atTwo.value], [2, 'crdt', { likes: 2 }]);
  assert.deepEqual((await c.snapshotAt(board.id, 3)).value, { likes: 5 });
});

test('snapshotAt: a version past the current one is version_ahead, a bad version bad_request', async () => {
  const c = client(all);
  const id = freshId('history');
  await assert.rejects(c.snapshotAt(id, 5), { code: 'version_ahead', doc: id });
  await assert.rejects(c.snapshotAt(id, -1), { code: 'bad_request' });
});

test('deleteDoc deletes for everyone; the history before stays readable; a second delete is not_found', async () => {
  const c = client(all);
  const id = freshId('delete');
  const doc = c.doc(id);
  await doc.ready;
  doc.create('text-unicode', 'hello');
  await doc.settled();
  const watcher = client(all).doc(id);
  await watcher.ready;
  assert.equal(watcher.data, 'hello');

  assert.deepEqual(await c.deleteDoc(id), { v: 2 });
  await until(() => watcher.type === null && doc.type === null, 5000, () => `the deletion at both subscribers: ${watcher.type}@${watcher.version} ${doc.type}@${doc.version}`);
  assert.equal(watcher.version, 2);
  assert.equal((await fetch(docUrl(server, id), { headers: { authorization: `Bearer ${hs256Token(SECRET, { sub: 'ada', lockstep: all })}` } })).status, 404);
  assert.deepEqual(await c.snapshotAt(id, 1), { v: 1, type: 'text-unicode', data: 'hello' });
  assert.deepEqual(await c.snapshotAt(id, 2), { v: 2, type: null, data: null });

  await assert.rejects(c.deleteDoc(id), { code: 'not_found' });
  await assert.rejects(c.deleteDoc(freshId('never')), { code: 'not_found' });

  // Created again at the next version, by a client that had it open.
  doc.create('json0', { back: true });
  await doc.settled();
  assert.equal(doc.version, 3);
  assert.deepEqual(await c.snapshotAt(id, 3), { v: 3, type: 'json0', data: { back: true } });
});

test('without the right: snapshotAt needs read, deleteDoc needs write', async () => {
  const id = freshId('locked');
  const owner = client(all);
  const doc = owner.doc(id);
  await doc.ready;
  doc.create('json0', { secret: 1 });
  await doc.settled();

  const reader = client({ read: ['*'], write: [] });
  assert.deepEqual(await reader.snapshotAt(id, 1), { v: 1, type: 'json0', data: { secret: 1 } });
  await assert.rejects(reader.deleteDoc(id), { code: 'forbidden' });

  const stranger = client({ read: ['elsewhere/*'], write: ['elsewhere/*'] });
  await assert.rejects(stranger.snapshotAt(id, 1), { code: 'forbidden' });
  assert.equal(doc.type, 'json0'); // still there
});

test('a request made before the socket is up waits for it; one that gets no reply times out', async () => {
  const c = client(all);
  const id = freshId('early');
  // Sent at once, while the client is still connecting.
  assert.equal(c.online, false);
  assert.deepEqual(await c.snapshotAt(id, 0), { v: 0, type: null, data: null });

  const offline = newClient('http://127.0.0.1:1', { ackTimeoutMs: 300 });
  clients.push(offline);
  await assert.rejects(offline.snapshotAt(id, 0), { code: 'timeout' });
});
