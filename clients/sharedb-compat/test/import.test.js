// import-ops.js moves a real ShareDB's op log (ShareDB's own backend and in-memory database,
// driven by its own client) into Lockstep: every document ends at the same version with the same
// content, and its history reads the same at earlier versions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Backend from 'sharedb';
import { startServer, connect, call, closeAll, wsUrl, httpJson, docUrl, freshId, TEXT } from './support.js';

const script = fileURLToPath(new URL('../import-ops.js', import.meta.url));
let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

function shareDbOps(backend, collection, id) {
  return new Promise((resolve, reject) => backend.db.getOps(collection, id, 0, null, {}, (e, ops) => (e ? reject(e) : resolve(ops))));
}

test('a ShareDB op log imported with import-ops.js keeps versions, content and history', async () => {
  const backend = new Backend();
  const source = backend.connect();
  const prefix = freshId('imp').replace('imp/', '');
  const list = source.get('imported', `${prefix}-list`);
  await call(list, 'create', { items: [] });
  for (let i = 0; i < 5; i++) await call(list, 'submitOp', [{ p: ['items', i], li: `item ${i}` }]);
  const text = source.get('imported', `${prefix}-text`);
  await call(text, 'create', 'hello', TEXT);
  await call(text, 'submitOp', [5, ' world']);
  await call(text, 'del');
  await call(text, 'create', 'again', TEXT);

  const lines = [];
  for (const doc of [list, text]) {
    for (const op of await shareDbOps(backend, 'imported', doc.id)) lines.push(JSON.stringify({ d: doc.id, ...op }));
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sharedb-import-'));
  const file = path.join(dir, 'ops.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const output = await new Promise((resolve, reject) => {
    execFile('node', [script, '--url', server.url, '--collection', 'imported', file], (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout));
  });
  assert.match(output, /^ok +imported\/.*-list: 6 ops$/m);
  assert.match(output, /^ok +imported\/.*-text: 4 ops$/m);
  assert.doesNotMatch(output, /FAIL/);

  for (const doc of [list, text]) {
    const { body } = await httpJson(docUrl(server, `imported/${doc.id}`));
    assert.equal(body.v, doc.version, `${doc.id} at ShareDB's version`);
    assert.deepEqual(body.data, doc.data);
  }
  const reader = await connect(wsUrl(server));
  const atThree = await call(reader, 'fetchSnapshot', 'imported', list.id, 3);
  assert.deepEqual(atThree.data, { items: ['item 0', 'item 1'] });
  const beforeDelete = await call(reader, 'fetchSnapshot', 'imported', text.id, 2);
  assert.equal(beforeDelete.data, 'hello world');

  // Running it again changes nothing.
  await new Promise((resolve, reject) => execFile('node', [script, '--url', server.url, '--collection', 'imported', file],
    (error) => (error ? reject(error) : resolve())));
  assert.equal((await httpJson(docUrl(server, `imported/${list.id}`))).body.v, list.version);
  closeAll([reader]);
});

test('a document whose ShareDB log was trimmed comes from its snapshot, and a second run skips it', async () => {
  const id = freshId('trim').replace('trim/', '');
  const dir = mkdtempSync(path.join(tmpdir(), 'sharedb-import-'));
  const ops = path.join(dir, 'ops.jsonl');
  const snapshots = path.join(dir, 'snapshots.jsonl');
  // As the export commands of docs/sharedb.md write them: the ops left (from version 7) and the snapshot.
  writeFileSync(ops, `${JSON.stringify({ c: 'imported', d: id, v: 7, op: [{ p: ['n'], na: 1 }], src: 'a1', seq: 9 })}\n`);
  writeFileSync(snapshots, `${JSON.stringify({ c: 'imported', d: id, v: 8, type: 'http://sharejs.org/types/JSONv0', data: { n: 8 } })}\n`);
  const run = () => new Promise((resolve, reject) => execFile('node', [script, '--url', server.url, '--snapshots', snapshots, ops],
    (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout))));

  assert.match(await run(), /^ok +imported\/.*: created from its snapshot at ShareDB version 8 \(Lockstep version 1\)$/m);
  assert.match(await run(), /^ok +imported\/.*: created from its snapshot by an earlier run; skipped$/m);
  const { body } = await httpJson(docUrl(server, `imported/${id}`));
  assert.deepEqual(body, { v: 1, type: 'json0', data: { n: 8 } });
});
