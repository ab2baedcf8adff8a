// Tokens that expire while the client is open: 3-second HS256 tokens against a real server. The
// token function is called again before each expiry (the fresh token goes out as `auth`, or, on a
// server that does not know `auth`, with a fresh hello), after a cut connection and after a
// refused hello; no queued edit is lost on the way. A presence client stays in its room past every
// expiry the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { newClient, until, freshId } from './support/clients.js';
import { hs256Token } from './support/jwt.js';
import WebSocket from 'ws';
import { PresenceClient } from '../src/index.js';

const SECRET = 'token-refresh-secret-that-is-long-enough-for-hs256';
const LIFETIME_S = 3;
const RIGHTS = { read: ['*'], write: ['*'] };
let server;
let proxy;
const clients = [];

before(async () => {
  server = await startServer(['--jwt-secret', SECRET]);
  proxy = await startProxy(server.port);
});

after(async () => {
  for (const c of clients) c.close();
  await proxy.close();
  await server.stop();
});

const shortToken = () => hs256Token(SECRET, { sub: 'ada', exp: Math.floor(Date.now() / 1000) + LIFETIME_S, lockstep: RIGHTS });
const adminHeaders = { authorization: `Bearer ${hs256Token(SECRET, { sub: 'admin', lockstep: RIGHTS })}` };

async function createDoc(data) {
  const id = freshId('tokens');
  const created = await fetch(`${server.url}/docs/${encodeURIComponent(id)}`, {
    method: 'PUT', headers: { 'content-type': 'application/json', ...adminHeaders }, body: JSON.stringify({ type: 'json0', data }),
  });
  assert.equal(created.status, 201);
  return id;
}

const serverDoc = async (id) => (await fetch(`${server.url}/docs/${encodeURIComponent(id)}`, { headers: adminHeaders })).json();

test('a client editing for four token lifetimes asks for a fresh token before each expiry and loses nothing', { timeout: 60000 }, async () => {
  const id = await createDoc({ log: [] });
  const calls = [];
  const c = newClient(proxy.url, { token: () => (calls.push(Date.now()), shortToken()) });
  clients.push(c);
  const errors = [];
  c.on('error', (error) => errors.push(error));
  const doc = c.doc(id);
  await doc.ready;
  doc.on('error', (error) => errors.push(error));

  const started = Date.now();
  let sent = 0;
  while (Date.now() - started < 4 * LIFETIME_S * 1000) {
    doc.submit([{ p: ['log', sent], li: sent }]);
    sent++;
    if (sent === 40) proxy.cut(); // a dropped connection on the way: reconnects with a fresh token
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await doc.settled();
  const stored = await serverDoc(id);
  assert.deepEqual(stored.data.log, Array.from({ length: sent }, (_, i) => i), 'every edit, once, in order');
  assert.deepEqual(doc.data, stored.data);

  // A token lives 2 to 3 s (its exp is in whole seconds): with a refresh before each expiry, no
  // gap between two calls of the token function is that long.
  assert.ok(calls.length >= 4, `token function called ${calls.length} times`);
  const gaps = calls.slice(1).map((at, i) => at - calls[i]);
  assert.ok(Math.max(...gaps) < 2500, `gaps between token calls: ${gaps}`);
  assert.deepEqual(errors.map((error) => error.code), [], 'no error reached the app');
});

test('after a hello refused for an expired token the client asks again and sends what it queued', { timeout: 60000 }, async () => {
  const id = await createDoc({ n: 0 });
  let stale = null;
  let calls = 0;
  // The app's token cache hands out an expired token once, as a cache that missed the expiry would.
  const token = () => {
    calls++;
    if (stale) {
      const expired = stale;
      stale = null;
      return expired;
    }
    return shortToken();
  };
  const c = newClient(proxy.url, { token });
  clients.push(c);
  const errors = [];
  c.on('error', (error) => errors.push(error));
  const doc = c.doc(id);
  await doc.ready;

  proxy.down();
  await until(() => !c.online, 5000, 'offline');
  for (let i = 0; i < 5; i++) doc.submit([{ p: ['n'], na: 1 }]);
  stale = hs256Token(SECRET, { sub: 'ada', exp: Math.floor(Date.now() / 1000) - 60, lockstep: RIGHTS });
  const callsBefore = calls;
  proxy.up();
  await doc.settled();
  assert.deepEqual((await serverDoc(id)).data, { n: 5 });
  assert.ok(calls >= callsBefore + 2, 'called again after the refusal');
  assert.ok(errors.some((error) => error.code === 'unauthorized'), 'the refused hello is reported');
});

// The welcome a raw connection gets with `token`: does this server speak token refresh (exp)?
async function welcomeFor(token) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync`, 'lockstep.v1');
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ t: 'hello', id: 1, token }));
    return await new Promise((resolve) => ws.once('message', (text) => resolve(JSON.parse(String(text)))));
  } finally {
    ws.close();
  }
}

test('on a server with token refresh the fresh token goes out as auth and the connection outlives every expiry', { timeout: 60000 }, async (t) => {
  if ((await welcomeFor(shortToken())).exp === undefined) {
    t.skip('this server build has no token refresh (welcome without exp)');
    return;
  }
  const id = await createDoc({ n: 0 });
  let calls = 0;
  const c = newClient(server.url, { token: () => (calls++, shortToken()) });
  clients.push(c);
  let connections = 0;
  c.on('status', ({ status }) => status === 'online' && connections++);
  const doc = c.doc(id);
  await doc.ready;
  const started = Date.now();
  let sent = 0;
  // Past exp + the server's 5 s grace twice over: an unrefreshed connection would be closed (4001).
  while (Date.now() - started < 3 * (LIFETIME_S + 5) * 1000) {
    doc.submit([{ p: ['n'], na: 1 }]);
    sent++;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await doc.settled();
  assert.deepEqual((await serverDoc(id)).data, { n: sent });
  assert.equal(connections, 1, 'one connection all along: refreshed with auth, never closed');
  assert.ok(calls >= 6, `token function called ${calls} times`);
});

test('a presence client refreshes its token with auth on /presence and stays one member past every expiry', { timeout: 60000 }, async () => {
  const presenceToken = () => hs256Token(SECRET, { sub: 'ada', exp: Math.floor(Date.now() / 1000) + LIFETIME_S, lockstep: { presence: ['*'] } });
  let calls = 0;
  const presence = new PresenceClient({
    url: server.url, WebSocket, backoff: { baseMs: 50, maxMs: 500 }, token: () => (calls++, presenceToken()),
  });
  let connections = 0;
  presence.on('status', ({ status }) => status === 'online' && connections++);
  const room = freshId('lobby').replace('/', '-');
  let members = null;
  presence.join(room, undefined, { name: 'Ada' }).on('members', (list) => { members = list; });
  await until(() => members !== null, 10000, 'the join');
  // Past exp + the server's 5 s grace twice over: an unrefreshed connection would be closed (4001).
  await new Promise((resolve) => setTimeout(resolve, 2 * (LIFETIME_S + 5) * 1000));
  const admin = hs256Token(SECRET, { sub: 'admin', lockstep: { presence: ['*'] } });
  const listed = await (await fetch(`${server.url}/presence/${encodeURIComponent(room)}`, { headers: { authorization: `Bearer ${admin}` } })).json();
  presence.close();
  assert.equal(connections, 1, 'one connection all along: refreshed with auth, never closed');
  assert.deepEqual(listed.members.map((m) => m.user), ['ada']);
  assert.ok(calls >= 4, `token function called ${calls} times`);
});
