// Three ShareDB clients edit one json0 document at once through Lockstep's /sharedb; they converge
// on the same value, which is also what GET /docs serves. Also: fetch, snapshots at a version or a
// time, and queries answered with an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, call, settled, closeAll, inBulk, wsUrl, httpJson, docUrl, freshId, until } from './support.js';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('three ShareDB clients editing one json0 document concurrently converge and match GET /docs', async () => {
  const id = freshId('n').replace('n/', '');
  const connections = await Promise.all([1, 2, 3].map(() => connect(wsUrl(server))));
  const docs = connections.map((c) => c.get('notes', id));
  await call(docs[0], 'create', { items: [], count: 0, title: '' });
  await Promise.all(docs.slice(1).map((doc) => call(doc, 'subscribe')));
  await call(docs[0], 'subscribe');

  // Each client submits its rounds one after another (ShareDB's client would compose ops that
  // wait behind an unacknowledged one); the three run at once, so their ops cross on the wire and
  // the server transforms them into one order.
  const rounds = 15;
  await Promise.all(docs.map(async (doc, who) => {
    for (let round = 0; round < rounds; round++) {
      await call(doc, 'submitOp', [
        { p: ['items', 0], li: `${who}-${round}` },
        { p: ['count'], na: 1 },
        { p: ['title', 0], si: String(who) },
      ]);
    }
  }));
  await Promise.all(docs.map(settled));
  const expectedVersion = 1 + rounds * 3;
  await until(() => docs.every((doc) => doc.version === expectedVersion), 10000, 'every client at the last version');

  const [first, ...others] = docs.map((doc) => doc.data);
  for (const other of others) assert.deepEqual(other, first);
  assert.equal(first.count, rounds * 3);
  assert.equal(first.items.length, rounds * 3);
  assert.equal(first.title.length, rounds * 3);

  const http = await httpJson(docUrl(server, `notes/${id}`));
  assert.equal(http.status, 200);
  assert.equal(http.body.v, expectedVersion);
  assert.deepEqual(http.body.data, first);
  closeAll(connections);
});

test('fetch, fetchSnapshot at a version and fetchSnapshotByTimestamp see the history', async () => {
  const id = freshId('h').replace('h/', '');
  const connection = await connect(wsUrl(server));
  const doc = connection.get('notes', id);
  await call(doc, 'create', { n: 0 });
  const times = [];
  for (let i = 1; i <= 5; i++) {
    await call(doc, 'submitOp', [{ p: ['n'], na: 1 }]);
    times.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const reader = await connect(wsUrl(server));
  const copy = reader.get('notes', id);
  await call(copy, 'fetch');
  assert.equal(copy.version, 6);
  assert.deepEqual(copy.data, { n: 5 });

  const atThree = await call(reader, 'fetchSnapshot', 'notes', id, 3);
  assert.equal(atThree.v, 3);
  assert.deepEqual(atThree.data, { n: 2 });
  assert.equal(atThree.type, 'http://sharejs.org/types/JSONv0');
  const atZero = await call(reader, 'fetchSnapshot', 'notes', id, 0);
  assert.equal(atZero.type, null);
  const latest = await call(reader, 'fetchSnapshot', 'notes', id);
  assert.equal(latest.v, 6);

  const byTime = await call(reader, 'fetchSnapshotByTimestamp', 'notes', id, times[1]);
  assert.deepEqual(byTime.data, { n: 2 });
  await assert.rejects(call(reader, 'fetchSnapshot', 'notes', id, 99), { code: 'ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT' });
  closeAll([connection, reader]);
});

test('a query is answered with a ShareDB error, not silence', async () => {
  const connection = await connect(wsUrl(server));
  const error = await new Promise((resolve) => connection.createFetchQuery('notes', {}, {}, (err) => resolve(err)));
  assert.equal(error.code, 'ERR_DATABASE_METHOD_NOT_IMPLEMENTED');
  closeAll([connection]);
});

test('bulk subscribe loads several documents in one message', async () => {
  const ids = [freshId('b'), freshId('b'), freshId('b')].map((x) => x.replace('b/', ''));
  const writer = await connect(wsUrl(server));
  for (const id of ids) await call(writer.get('notes', id), 'create', { id });
  const reader = await connect(wsUrl(server));
  const sent = [];
  reader.on('send', (message) => sent.push(message));
  await Promise.all(inBulk(reader, 'notes', ids, 'subscribe'));
  assert.ok(sent.some((m) => m.a === 'bs' && Array.isArray(m.b) && m.b.length === 3), 'one bs message');
  ids.forEach((id) => assert.deepEqual(reader.get('notes', id).data, { id }));
  await call(writer.get('notes', ids[0]), 'submitOp', [{ p: ['x'], oi: 1 }]);
  await until(() => reader.get('notes', ids[0]).data.x === 1, 5000, 'live op after bulk subscribe');
  closeAll([writer, reader]);
});

test('bulk fetch loads several documents in one message, and catches them up from their versions in another', async () => {
  const ids = [freshId('bf'), freshId('bf'), freshId('bf')].map((x) => x.replace('bf/', ''));
  const writer = await connect(wsUrl(server));
  for (const id of ids) await call(writer.get('notes', id), 'create', { id });
  const reader = await connect(wsUrl(server));
  const sent = [];
  reader.on('send', (message) => sent.push(message));
  const bulkFetch = () => Promise.all(inBulk(reader, 'notes', ids, 'fetch'));

  await bulkFetch();
  assert.ok(sent.some((m) => m.a === 'bf' && Array.isArray(m.b) && m.b.length === 3), 'one bf message with ids');
  ids.forEach((id) => assert.deepEqual(reader.get('notes', id).data, { id }));

  // Fetched again, the client sends the version it has of each: it gets the ops it missed.
  await call(writer.get('notes', ids[0]), 'submitOp', [{ p: ['x'], oi: 1 }]);
  await call(writer.get('notes', ids[1]), 'submitOp', [{ p: ['x'], oi: 2 }]);
  await call(writer.get('notes', ids[1]), 'submitOp', [{ p: ['y'], oi: 3 }]);
  sent.length = 0;
  await bulkFetch();
  const withVersions = sent.find((m) => m.a === 'bf' && !Array.isArray(m.b));
  assert.deepEqual({ ...withVersions?.b }, Object.fromEntries(ids.map((id) => [id, 1])));
  assert.deepEqual(ids.map((id) => reader.get('notes', id).version), [2, 3, 1]);
  assert.deepEqual(reader.get('notes', ids[1]).data, { id: ids[1], x: 2, y: 3 });
  closeAll([writer, reader]);
});

test('bulk unsubscribe stops several documents in one message', async () => {
  const ids = [freshId('bu'), freshId('bu'), freshId('bu')].map((x) => x.replace('bu/', ''));
  const writer = await connect(wsUrl(server));
  for (const id of ids) await call(writer.get('notes', id), 'create', { id });
  const reader = await connect(wsUrl(server));
  await Promise.all(inBulk(reader, 'notes', ids, 'subscribe'));

  const sent = [];
  reader.on('send', (message) => sent.push(message));
  await Promise.all(inBulk(reader, 'notes', ids, 'unsubscribe'));
  assert.deepEqual(sent.filter((m) => m.a.endsWith('u')).map((m) => [m.a, m.b]), [['bu', ids]]);
  ids.forEach((id) => assert.equal(reader.get('notes', id).subscribed, false));

  // Ops after the unsubscribe do not reach the reader; a document it still subscribes to does.
  const still = freshId('bu').replace('bu/', '');
  await call(writer.get('notes', still), 'create', { n: 0 });
  await call(reader.get('notes', still), 'subscribe');
  for (const id of ids) await call(writer.get('notes', id), 'submitOp', [{ p: ['x'], oi: 1 }]);
  await call(writer.get('notes', still), 'submitOp', [{ p: ['n'], na: 1 }]);
  await until(() => reader.get('notes', still).data.n === 1, 5000, 'the op of the document still subscribed');
  await new Promise((resolve) => setTimeout(resolve, 300));
  ids.forEach((id) => assert.equal(reader.get('notes', id).version, 1, `${id} unchanged`));
  closeAll([writer, reader]);
});
