// A server with a JWT secret: a write the token does not allow is rolled back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { newClient, until, freshId } from './support/clients.js';
import { hs256Token } from './support/jwt.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
let server;
const clients = [];

before(async () => {
  server = await startServer(['--jwt-secret', SECRET]);
});

after(async () => {
  for (const c of clients) c.close();
  await server.stop();
});

test('an edit to a document the token may only read is rolled back with a forbidden error', async () => {
  const id = freshId('locked');
  const admin = hs256Token(SECRET, { sub: 'admin', lockstep: { read: ['*'], write: ['*'] } });
  const created = await fetch(`${server.url}/docs/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ type: 'json0', data: { title: 'read only' } }),
  });
  assert.equal(created.status, 201);

  const reader = newClient(server.url, { token: () => hs256Token(SECRET, { sub: 'ada', lockstep: { read: ['*'], write: [] } }) });
  clients.push(reader);
  const doc = reader.doc(id);
  await doc.ready;
  const errors = [];
  doc.on('error', (error) => errors.push(error));
  doc.submit([{ p: ['title', 0], si: 'not ' }]);
  assert.equal(doc.data.title, 'not read only');
  await until(() => errors.length > 0, 5000, 'the refusal');
  assert.equal(errors[0].code, 'forbidden');
  assert.equal(doc.data.title, 'read only');
  assert.equal(doc.hasPendingOps, false);
});

test('a client without a token reports the refusal and stays offline', async () => {
  const c = newClient(server.url);
  clients.push(c);
  const errors = [];
  c.on('error', (error) => errors.push(error));
  await until(() => errors.length > 0, 5000, 'unauthorized');
  assert.equal(errors[0].code, 'unauthorized');
  assert.notEqual(c.status, 'online');
});
