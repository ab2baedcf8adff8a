// A crdt document (made over HTTP or /sync) is not something ShareDB's client can load: every way
// of reading it answers with ShareDB's ERR_DOC_TYPE_NOT_RECOGNIZED instead of a snapshot of type
// "crdt", including a document re-created as crdt while a ShareDB client subscribes to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, call, closeAll, inBulk, wsUrl, httpJson, docUrl, freshId, until, openSocket } from './support.js';

const NOT_RECOGNIZED = { code: 'ERR_DOC_TYPE_NOT_RECOGNIZED' };
let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

async function createCrdt(doc) {
  const { status } = await httpJson(docUrl(server, doc), 'PUT', { type: 'crdt', data: {} });
  assert.equal(status, 201);
}

test('fetch, subscribe and snapshots of a crdt document get ERR_DOC_TYPE_NOT_RECOGNIZED', async () => {
  const id = freshId('c').replace('c/', '');
  await createCrdt(`counters/${id}`);
  const connection = await connect(wsUrl(server));

  const fetched = connection.get('counters', id);
  await assert.rejects(call(fetched, 'fetch'), NOT_RECOGNIZED);
  assert.equal(fetched.type, null);
  const other = await connect(wsUrl(server));
  const subscribed = other.get('counters', id);
  await assert.rejects(call(subscribed, 'subscribe'), NOT_RECOGNIZED);
  assert.equal(subscribed.type, null);
  await assert.rejects(call(connection, 'fetchSnapshot', 'counters', id, 1), NOT_RECOGNIZED);
  await assert.rejects(call(connection, 'fetchSnapshotByTimestamp', 'counters', id, Date.now()), NOT_RECOGNIZED);

  // The connection stays usable: a json0 document of the same collection loads.
  const json = connection.get('counters', `${id}-json`);
  await call(json, 'create', { n: 1 });
  await call(connection.get('counters', `${id}-json`), 'fetch');
  closeAll([connection, other]);
});

test('in a bulk fetch or subscribe, only the crdt document fails', async () => {
  const id = freshId('c').replace('c/', '');
  await createCrdt(`counters/${id}`);
  const writer = await connect(wsUrl(server));
  await call(writer.get('counters', `${id}-a`), 'create', { a: 1 });
  await call(writer.get('counters', `${id}-b`), 'create', { b: 1 });

  for (const method of ['fetch', 'subscribe']) {
    const reader = await connect(wsUrl(server));
    const results = inBulk(reader, 'counters', [id, `${id}-a`, `${id}-b`], method)
      .map((done) => done.then(() => 'ok', (error) => error.code));
    assert.deepEqual(await Promise.all(results), ['ERR_DOC_TYPE_NOT_RECOGNIZED', 'ok', 'ok'], method);
    assert.deepEqual(reader.get('counters', `${id}-b`).data, { b: 1 });
    closeAll([reader]);
  }
  closeAll([writer]);
});

test('a subscribed json0 document re-created as crdt: the socket closes, resubscribing gets the error', async () => {
  const id = freshId('c').replace('c/', '');
  const writer = await connect(wsUrl(server));
  await call(writer.get('counters', id), 'create', { n: 1 });
  const reader = await connect(wsUrl(server));
  const doc = reader.get('counters', id);
  await call(doc, 'subscribe');
  const errors = [];
  doc.on('error', (error) => errors.push(error));

  assert.equal((await httpJson(docUrl(server, `counters/${id}`), 'DELETE')).status, 200);
  await until(() => doc.type === null, 5000, 'the deletion');
  await createCrdt(`counters/${id}`);
  await until(() => reader.state === 'disconnected', 5000, 'the server closing the socket');
  assert.equal(doc.version, 2);

  reader.bindToSocket(openSocket(wsUrl(server)));
  await until(() => errors.length > 0, 5000, 'the error of the resubscription');
  assert.equal(errors[0].code, 'ERR_DOC_TYPE_NOT_RECOGNIZED');
  assert.equal(doc.type, null);
  closeAll([writer, reader]);
});
