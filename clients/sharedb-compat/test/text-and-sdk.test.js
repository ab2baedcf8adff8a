// text-unicode through ShareDB's client, and a ShareDB client and a Lockstep SDK client editing one
// document together.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, call, settled, closeAll, wsUrl, httpJson, docUrl, freshId, until, newClient, TEXT } from './support.js';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('two ShareDB clients type into one text-unicode document, astral characters included, and converge', async () => {
  const id = freshId('t').replace('t/', '');
  const [a, b] = await Promise.all([connect(wsUrl(server)), connect(wsUrl(server))]);
  const docA = a.get('pads', id);
  const docB = b.get('pads', id);
  await call(docA, 'create', 'hello', TEXT);
  await call(docB, 'subscribe');
  await call(docA, 'subscribe');
  assert.equal(docB.type.name, 'text-unicode');
  await Promise.all([
    (async () => {
      for (let i = 0; i < 10; i++) await call(docA, 'submitOp', [0, '😀']);
    })(),
    (async () => {
      for (let i = 0; i < 10; i++) await call(docB, 'submitOp', [5, 'b']);
    })(),
  ]);
  await Promise.all([settled(docA), settled(docB)]);
  await until(() => docA.version === 21 && docB.version === 21, 10000, 'both at version 21');
  assert.equal(docA.data, docB.data);
  assert.equal([...docA.data].filter((ch) => ch === '😀').length, 10);
  const http = await httpJson(docUrl(server, `pads/${id}`));
  assert.equal(http.body.type, 'text-unicode');
  assert.equal(http.body.data, docA.data);
  closeAll([a, b]);
});

test('a ShareDB client and a Lockstep SDK client edit one document and converge', async () => {
  const id = freshId('m').replace('m/', '');
  const sharedb = await connect(wsUrl(server));
  const shareDoc = sharedb.get('notes', id);
  await call(shareDoc, 'create', { list: [] });
  await call(shareDoc, 'subscribe');
  const sdk = newClient(server.url);
  const sdkDoc = sdk.doc(`notes/${id}`);
  await sdkDoc.ready;
  assert.deepEqual(sdkDoc.data, { list: [] });

  for (let i = 0; i < 10; i++) {
    sdkDoc.submit([{ p: ['list', 0], li: `sdk-${i}` }]);
    await call(shareDoc, 'submitOp', [{ p: ['list', 0], li: `sharedb-${i}` }]);
  }
  await sdkDoc.settled();
  await settled(shareDoc);
  const http = await httpJson(docUrl(server, `notes/${id}`));
  await until(() => shareDoc.version === http.body.v && sdkDoc.version === http.body.v, 10000, 'both at the server version');
  assert.deepEqual(shareDoc.data, http.body.data);
  assert.deepEqual(sdkDoc.data, http.body.data);
  assert.equal(http.body.data.list.length, 20);
  closeAll([sharedb]);
  sdk.close();
});

test('del deletes the document for every API, and it can be created again', async () => {
  const id = freshId('d').replace('d/', '');
  const [a, b] = await Promise.all([connect(wsUrl(server)), connect(wsUrl(server))]);
  const docA = a.get('notes', id);
  const docB = b.get('notes', id);
  await call(docA, 'create', { x: 1 });
  await call(docB, 'subscribe');
  await call(docA, 'del');
  await until(() => docB.type === null, 5000, 'the subscriber sees the deletion');
  assert.equal((await httpJson(docUrl(server, `notes/${id}`))).status, 404);
  await assert.rejects(call(docA, 'submitOp', [{ p: ['x'], na: 1 }]), { code: 'ERR_DOC_DOES_NOT_EXIST' });
  await call(docA, 'create', { x: 2 });
  await until(() => docB.data?.x === 2, 5000, 'the subscriber sees the new creation');
  const before = await call(a, 'fetchSnapshot', 'notes', id, 1);
  assert.deepEqual(before.data, { x: 1 });
  closeAll([a, b]);
});
