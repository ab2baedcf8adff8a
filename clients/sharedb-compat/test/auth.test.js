// /sharedb on a server with a JWT secret: the token comes as ?token=, or later in an auth message;
// rights are checked per request in ShareDB's error shape, and a bad token closes the socket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hs256Token } from '../../js/test/support/jwt.js';
import { startServer, connect, call, closeAll, wsUrl, freshId, until, rawSocket, openSocket } from './support.js';

const SECRET = 'sharedb-test-secret-that-is-long-enough-for-hs256';
const token = (rights) => hs256Token(SECRET, { sub: 'ada', lockstep: rights });
let server;
before(async () => {
  server = await startServer(['--jwt-secret', SECRET]);
});
after(() => server?.stop());

test('a token on the URL allows what its rights allow, and an op it does not allow is rolled back', async () => {
  const id = freshId('a').replace('a/', '');
  const admin = await connect(wsUrl(server, `?token=${token({ read: ['*'], write: ['*'] })}`));
  await call(admin.get('locked', id), 'create', { title: 'read only' });
  const reader = await connect(wsUrl(server, `?token=${token({ read: ['locked/*'], write: [] })}`));
  const doc = reader.get('locked', id);
  await call(doc, 'subscribe');
  assert.deepEqual(doc.data, { title: 'read only' });
  await assert.rejects(call(doc, 'submitOp', [{ p: ['title', 0], si: 'not ' }]), { code: 'ERR_LOCKSTEP_FORBIDDEN' });
  await until(() => doc.data.title === 'read only', 5000, 'the rollback');
  await assert.rejects(call(reader.get('other', id), 'fetch'), { code: 'ERR_LOCKSTEP_FORBIDDEN' });
  closeAll([admin, reader]);
});

test('without a token requests are refused until an auth message brings one', async () => {
  const raw = await rawSocket(wsUrl(server));
  raw.send({ a: 'hs', id: null, protocol: 1, protocolMinor: 2 });
  raw.send({ a: 'f', c: 'locked', d: 'x' });
  await until(() => raw.messages.some((m) => m.error), 5000, 'the refusal');
  assert.equal(raw.messages.find((m) => m.error).error.code, 'ERR_LOCKSTEP_UNAUTHORIZED');
  raw.send({ a: 'auth', token: token({ read: ['*'], write: [] }) });
  await until(() => raw.messages.some((m) => m.a === 'auth'), 5000, 'auth reply');
  raw.send({ a: 'f', c: 'locked', d: 'x' });
  await until(() => raw.messages.some((m) => m.a === 'f' && !m.error), 5000, 'the fetch');
  raw.socket.close();
});

test('a bad token on the URL closes the socket with 4001', async () => {
  const socket = openSocket(wsUrl(server, '?token=not-a-jwt'));
  const code = await new Promise((resolve) => socket.on('close', resolve));
  assert.equal(code, 4001);
});
