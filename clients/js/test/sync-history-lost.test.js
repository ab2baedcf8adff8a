// A client away for longer than the server keeps history (--retain-ops 3) comes back with edits
// the server cannot rebase any more: they are rebuilt on the snapshot, where they were made relative
// to their neighbours, and what cannot be kept is reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { newClient, until, httpJson, docUrl, freshId } from './support/clients.js';
import { memoryStorage, MemoryPendingStore, Identity } from './support/internals.js';

const RETAIN_OPS = 3;
let server;
let proxy;
const clients = [];
const client = (url, options) => {
  const c = newClient(url, options);
  clients.push(c);
  return c;
};

before(async () => {
  server = await startServer(['--retain-ops', String(RETAIN_OPS), '--snapshot-every', '2']);
  proxy = await startProxy(server.port);
});

after(async () => {
  for (const c of clients) c.close();
  await proxy.close();
  await server.stop();
});

const isAck = (text) => text.includes('"t":"ack"');
const serverDoc = async (id) => (await httpJson(docUrl(server, id))).body;

async function createDoc(type, data) {
  const id = freshId('trimmed');
  await httpJson(docUrl(server, id), 'PUT', { type, data });
  return id;
}

// Twice as many ops as the server keeps, from someone else, while `away` is offline.
async function othersEdit(id, edits) {
  const other = client(server.url);
  const doc = other.doc(id);
  await doc.ready;
  for (const edit of edits) {
    doc.submit(edit(doc.data));
    await doc.settled(); // one op each
  }
  other.close();
  assert.ok(edits.length >= 2 * RETAIN_OPS);
}

/** A new document, opened by a client whose connection goes through the proxy, and what it reports. */
async function openedAway(type, data) {
  const id = await createDoc(type, data);
  const away = client(proxy.url);
  const doc = away.doc(id);
  await doc.ready;
  return { id, away, doc, seen: recording(doc) };
}

function recording(doc) {
  const seen = { recovered: [], lost: [] };
  doc.on('recovered', (event) => seen.recovered.push(event));
  doc.on('lost', (event) => seen.lost.push(event));
  return seen;
}

test('text typed offline lands where it was typed after the history it needs was trimmed', async () => {
  const { id, away, doc, seen } = await openedAway('text-unicode', 'alpha bravo charlie delta');
  proxy.down();
  await until(() => !away.online, 5000, 'offline');
  doc.submit([5, '-1']); // alpha-1
  doc.submit([13, '-2']); // bravo-2
  doc.submit([doc.data.length, ' echo']);
  assert.equal(doc.data, 'alpha-1 bravo-2 charlie delta echo');

  // Others: a word at the start, 'charlie' deleted, words between, at the end: 8 ops.
  await othersEdit(id, [
    () => ['zero '], () => [5, 'one '], (text) => [text.indexOf('charlie'), { d: 'charlie' }],
    (text) => [text.indexOf('bravo'), 'x '], (text) => [text.length, ' foxtrot'], (text) => [text.length, '!'],
    (text) => [text.indexOf('delta'), 'y '], () => [0, '> '],
  ]);
  const othersText = (await serverDoc(id)).data;
  assert.equal(othersText, '> zero one alpha x bravo  y delta foxtrot!');

  proxy.up();
  await doc.settled();
  const stored = await serverDoc(id);
  // ' echo' and ' foxtrot!' were both added at the end: the returning op goes first, as the server
  // orders an op it rebases over one committed before it (docs/protocol.md, Tie-breaks).
  assert.equal(stored.data, '> zero one alpha-1 x bravo-2  y delta echo foxtrot!');
  assert.equal(doc.data, stored.data);
  assert.equal(seen.recovered.length, 1);
  assert.equal(seen.recovered[0].kept, 3);
  assert.deepEqual(seen.lost, []);
});

test('an in-flight op committed before the history was trimmed is acked, not applied twice, and later edits are rebuilt', async () => {
  const { id, away, doc, seen } = await openedAway('json0', { items: ['a', 'b', 'c', 'd'], n: 0 });
  proxy.dropServerFrames(isAck);
  doc.submit([{ p: ['items', 1], li: 'mine-1' }]); // committed, its ack lost
  for (let tries = 0; (await serverDoc(id)).v < 2 && tries < 200; tries++) await new Promise((r) => setTimeout(r, 20));
  proxy.down();
  proxy.dropServerFrames(() => false);
  await until(() => !away.online, 5000, 'offline');
  doc.submit([{ p: ['items', 4], li: 'mine-2' }]); // after 'c': a mine-1 b c mine-2 d
  doc.submit([{ p: ['n'], na: 10 }]);
  assert.deepEqual(doc.data.items, ['a', 'mine-1', 'b', 'c', 'mine-2', 'd']);

  await othersEdit(id, [
    () => [{ p: ['items', 0], li: 'o-1' }], // o-1 a mine-1 b c d
    () => [{ p: ['items', 5], li: 'o-2' }], // o-1 a mine-1 b c o-2 d
    () => [{ p: ['items', 1], ld: 'a' }], // o-1 mine-1 b c o-2 d
    () => [{ p: ['n'], na: 1 }],
    () => [{ p: ['n'], na: 2 }],
    () => [{ p: ['items', 3], li: 'o-3' }], // o-1 mine-1 b o-3 c o-2 d
  ]);

  proxy.up();
  await doc.settled();
  const stored = await serverDoc(id);
  // mine-2 and o-2 were both put between c and d: the returning op goes first (Tie-breaks).
  assert.deepEqual(stored.data, { items: ['o-1', 'mine-1', 'b', 'o-3', 'c', 'mine-2', 'o-2', 'd'], n: 13 });
  assert.deepEqual(doc.data, stored.data);
  assert.equal(seen.recovered.length, 1);
  assert.deepEqual(seen.lost, []);
});

test('an in-flight op the server never got is rebuilt too, and an edit inside an item others deleted is reported lost', async () => {
  const id = await createDoc('json0', { rows: [{ id: 1, title: 'one' }, { id: 2, title: 'two' }], tags: ['x'] });
  const storage = memoryStorage();
  const pendingStore = new MemoryPendingStore();
  // A page that went away with an op in flight that never reached the server, and more queued.
  const identity = new Identity(storage);
  const { src } = identity;
  const base = { rows: [{ id: 1, title: 'one' }, { id: 2, title: 'two' }], tags: ['x'] };
  const inflight = [{ p: ['rows', 1, 'title', 3], si: '!' }]; // two! — row 2 is deleted by others
  const pending = [{ p: ['tags', 1], li: 'mine' }];
  await pendingStore.put(id, src, {
    v: 1, type: 'json0', base, data: { rows: [{ id: 1, title: 'one' }, { id: 2, title: 'two!' }], tags: ['x', 'mine'] },
    inflight: { op: inflight, src, seq: identity.nextSeq(), v: 1, edits: 1 }, pending, pendingEdits: 1,
  });
  assert.equal((await serverDoc(id)).v, 1);
  await othersEdit(id, [
    () => [{ p: ['rows', 1], ld: { id: 2, title: 'two' } }],
    () => [{ p: ['tags', 0], li: 'o-1' }],
    () => [{ p: ['tags', 2], li: 'o-2' }],
    () => [{ p: ['rows', 0, 'title', 3], si: ' (edited)' }],
    () => [{ p: ['rows', 1], li: { id: 3, title: 'three' } }],
    () => [{ p: ['tags', 0], ld: 'o-1' }],
  ]);

  const back = client(proxy.url, { storage, pendingStore });
  const doc = back.doc(id);
  const seen = recording(doc);
  await doc.ready;
  await until(() => seen.recovered.length === 1, 10000, 'the recovery');
  await doc.settled();
  const stored = await serverDoc(id);
  assert.deepEqual(stored.data, { rows: [{ id: 1, title: 'one (edited)' }, { id: 3, title: 'three' }], tags: ['x', 'mine', 'o-2'] });
  assert.deepEqual(doc.data, stored.data);
  assert.equal(seen.lost.length, 1);
  assert.equal(seen.lost[0].reason, 'history_lost');
  assert.deepEqual(seen.lost[0].ops, [{ p: ['rows', 1, 'title', 3], si: '!' }]);
  assert.deepEqual(seen.recovered[0].lost, seen.lost[0].ops);
});

// An op sent on a connection that died before it reached the server: resent with its src/seq
// after the history it was made on is gone, the server refuses it (`conflict`, it cannot be
// rebased and was never committed), and the SDK rebuilds it with the later edits on the snapshot.
async function sendIntoTheVoid(doc, away, edit) {
  const seen = [];
  proxy.dropServerFrames((text) => {
    seen.push(JSON.parse(text));
    return false;
  });
  proxy.swallowClientBytes(true);
  const v = doc.version;
  doc.submit(edit);
  await until(() => doc.queuedEdits === 1, 5000, 'the op in flight');
  await new Promise((resolve) => setTimeout(resolve, 200)); // it went out, and nowhere
  proxy.down();
  proxy.swallowClientBytes(false);
  await until(() => !away.online, 5000, 'offline');
  assert.equal((await serverDoc(doc.id)).v, v, 'the server never got the op');
  return seen;
}

// The server's answer to the resent op: the error for the first `op` the client sent after coming back.
const refusalOf = (frames) => frames.find((frame) => frame.t === 'err' && frame.code === 'conflict');

test('an in-flight op the server never got is refused when resent after the history was trimmed, then rebuilt: every word typed is kept', async () => {
  const { id, away, doc, seen } = await openedAway('text-unicode', 'one two three');
  const frames = await sendIntoTheVoid(doc, away, [3, ' (in flight)']);
  doc.submit([doc.data.indexOf('two') + 3, ' (queued)']);
  doc.submit([doc.data.length, ' (last)']);
  assert.equal(doc.data, 'one (in flight) two (queued) three (last)');

  await othersEdit(id, [
    () => ['zero '], (text) => [text.indexOf('two'), 'and '], (text) => [text.indexOf('three'), { d: 'three' }],
    (text) => [text.length, 'four'], (text) => [text.indexOf('four'), 'a '], () => [0, '# '],
  ]);
  assert.equal((await serverDoc(id)).data, '# zero one and two a four');

  proxy.up();
  await until(() => seen.recovered.length === 1, 10000, 'the recovery');
  await doc.settled();
  assert.ok(refusalOf(frames), 'the resent op was refused as too old to rebase');
  const stored = await serverDoc(id);
  // 'three' was deleted by others; ' (last)' was typed after it and stays at the end.
  assert.equal(stored.data, '# zero one (in flight) and two (queued) a four (last)');
  assert.equal(doc.data, stored.data);
  assert.equal(seen.recovered[0].kept, 3, 'the refused op and the two queued after it');
  assert.deepEqual(seen.lost, []);
});

test('a refused in-flight json0 op is rebuilt on the snapshot, and `lost` names exactly the part inside what others deleted', async () => {
  const { id, away, doc, seen } = await openedAway('json0', { rows: [{ id: 1, title: 'one' }, { id: 2, title: 'two' }], n: 0 });
  // In flight: a new row, a change of row 2 (which others delete) and a number.
  const frames = await sendIntoTheVoid(doc, away, [
    { p: ['rows', 2], li: { id: 3, title: 'mine' } }, { p: ['rows', 1, 'title', 3], si: '!' }, { p: ['n'], na: 5 },
  ]);
  doc.submit([{ p: ['rows', 0, 'title', 3], si: ' (queued)' }]);
  // Others insert a row before row 1 and edit its title: it is still the same row (same id), so
  // the queued edit of its title is kept.

  await othersEdit(id, [
    () => [{ p: ['rows', 1], ld: { id: 2, title: 'two' } }],
    () => [{ p: ['rows', 0], li: { id: 0, title: 'zero' } }],
    () => [{ p: ['n'], na: 1 }],
    () => [{ p: ['n'], na: 1 }],
    () => [{ p: ['rows', 2], li: { id: 4, title: 'four' } }],
    () => [{ p: ['rows', 1, 'title', 0], si: '> ' }],
  ]);

  proxy.up();
  await until(() => seen.recovered.length === 1, 10000, 'the recovery');
  await doc.settled();
  assert.ok(refusalOf(frames), 'the resent op was refused as too old to rebase');
  const stored = await serverDoc(id);
  assert.deepEqual(stored.data.n, 7);
  assert.deepEqual(stored.data.rows.map((row) => row.title).sort(), ['> one (queued)', 'four', 'mine', 'zero'].sort());
  assert.deepEqual(doc.data, stored.data);
  assert.deepEqual(seen.lost, [{ ops: [{ p: ['rows', 1, 'title', 3], si: '!' }], reason: 'history_lost' }]);
  assert.deepEqual(seen.recovered[0].lost, seen.lost[0].ops);
});
